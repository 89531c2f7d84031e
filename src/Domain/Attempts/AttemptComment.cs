using VoiceTraining.Domain.Common;

namespace VoiceTraining.Domain.Attempts;

public enum CommentSource
{
    /// <summary>Written in the web app or through the API.</summary>
    App,
    /// <summary>A reply to the attempt's feedback email.</summary>
    Email,
}

/// <summary>A message in an attempt's feedback thread: coaching notes, questions and replies.</summary>
public sealed class AttemptComment : TenantEntity
{
    public const int MaxBodyLength = 10_000;

    public Guid AttemptId { get; private set; }
    public Guid AuthorId { get; private set; }
    public string Body { get; private set; } = "";
    public CommentSource Source { get; private set; }
    /// <summary>The email's Message-Id when the comment came by email (one comment per email).</summary>
    public string? EmailMessageId { get; private set; }

    private AttemptComment() { }

    public AttemptComment(Guid orgId, Guid attemptId, Guid authorId, string body, CommentSource source, string? emailMessageId, DateTimeOffset now)
        : base(orgId, now)
    {
        var text = (body ?? "").Trim();
        if (text.Length == 0) throw new DomainException("A comment needs some text.");
        AttemptId = attemptId;
        AuthorId = authorId;
        Body = text.Length > MaxBodyLength ? text[..MaxBodyLength] : text;
        Source = source;
        EmailMessageId = string.IsNullOrWhiteSpace(emailMessageId) ? null : emailMessageId.Trim();
    }
}
