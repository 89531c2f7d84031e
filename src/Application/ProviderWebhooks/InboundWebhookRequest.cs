namespace VoiceTraining.Application.ProviderWebhooks;

/// <summary>
/// One delivery as it arrived: its headers, and the raw body (<see cref="InboundWebhookBody.Raw"/>)
/// or the form's text fields (<see cref="InboundWebhookBody.Form"/>).
/// </summary>
public sealed class InboundWebhookRequest(Func<string, string?> header, ReadOnlyMemory<byte> body, IReadOnlyDictionary<string, string>? form = null)
{
    /// <summary>A header's value (names are case-insensitive), or null when it is absent.</summary>
    public string? Header(string name) => header(name);

    public ReadOnlyMemory<byte> Body { get; } = body;

    /// <summary>A form field's value, or null when the form has no such field.</summary>
    public string? Field(string name) => form is not null && form.TryGetValue(name, out var value) ? value : null;
}
