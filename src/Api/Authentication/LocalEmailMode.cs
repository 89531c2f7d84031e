namespace VoiceTraining.Api.Authentication;

/// <summary>
/// Email local mode: no email provider is configured, so emails are recorded instead of sent.
/// In Development they can be read at GET /api/dev/mailbox; everywhere else that endpoint does not exist.
/// </summary>
public sealed class LocalEmailMode(bool noProvider, bool development)
{
    /// <summary>No provider: nothing leaves the machine.</summary>
    public bool NoProvider { get; } = noProvider;

    /// <summary>The local mailbox is served (Development and no provider).</summary>
    public bool MailboxEnabled { get; } = noProvider && development;
}
