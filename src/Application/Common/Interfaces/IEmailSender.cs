namespace VoiceTraining.Application.Common.Interfaces;

/// <summary>One email as a provider sends it.</summary>
public sealed record OutgoingEmail
{
    /// <summary>The outbox id: Resend's Idempotency-Key, and a custom variable at Mailgun.</summary>
    public required Guid MessageId { get; init; }
    public required string To { get; init; }
    public string? ToName { get; init; }
    public required string Subject { get; init; }
    public required string Html { get; init; }
    public required string Text { get; init; }
    public string? ReplyTo { get; init; }
    /// <summary>When set, sent as List-Unsubscribe with List-Unsubscribe-Post: List-Unsubscribe=One-Click (RFC 8058).</summary>
    public string? UnsubscribeUrl { get; init; }
    /// <summary>The template name, sent as a tag.</summary>
    public required string Template { get; init; }
}

public enum EmailSendOutcome
{
    Sent,
    /// <summary>A transient failure (network, 5xx, rate limit): try again later.</summary>
    Retry,
    /// <summary>The provider refused the message itself (bad address, unverified domain, bad key): do not retry.</summary>
    Rejected,
    /// <summary>The provider's daily quota is used up: hold until the next day.</summary>
    QuotaExceeded,
}

/// <summary>What a send came to.</summary>
public sealed record EmailSendResult(EmailSendOutcome Outcome, string? ProviderMessageId = null, string? Error = null, int? StatusCode = null, TimeSpan? RetryAfter = null)
{
    public static EmailSendResult Sent(string? providerMessageId) => new(EmailSendOutcome.Sent, providerMessageId);
}

/// <summary>
/// Sends one email through the configured provider (Resend, Mailgun, or the local recorder). An
/// adapter retries quick transient failures itself; what it returns is final for this attempt
/// and the outbox decides about later ones. It does not throw for provider answers.
/// </summary>
public interface IEmailSender
{
    /// <summary>"resend", "mailgun" or "local".</summary>
    string Provider { get; }

    Task<EmailSendResult> SendAsync(OutgoingEmail email, CancellationToken cancellationToken);
}

/// <summary>Wakes the background email sender (new emails are due).</summary>
public interface IEmailOutboxSignal
{
    void Notify();
}
