using VoiceTraining.Domain.Email;

namespace VoiceTraining.Application.Email.Mailbox;

/// <summary>An email as the local mailbox shows it.</summary>
public sealed record DevMailboxMessageDto
{
    public Guid Id { get; init; }
    public string To { get; init; } = "";
    public string? ToName { get; init; }
    public string Subject { get; init; } = "";
    /// <summary>The template name, e.g. "assignment" or "password-reset".</summary>
    public string Template { get; init; } = "";
    public EmailCategory Category { get; init; }
    public EmailStatus Status { get; init; }
    public string Html { get; init; } = "";
    public string Text { get; init; } = "";
    public string? ReplyTo { get; init; }
    /// <summary>The one-click unsubscribe URL (List-Unsubscribe), for optional emails.</summary>
    public string? UnsubscribeUrl { get; init; }
    public Guid? OrgId { get; init; }
    public int Attempts { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? SentAt { get; init; }
}
