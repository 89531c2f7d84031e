using VoiceTraining.Domain.Common;

namespace VoiceTraining.Domain.Email;

public enum EmailStatus
{
    /// <summary>Waiting to be sent (or to be retried at <see cref="EmailMessage.NextAttemptAt"/>).</summary>
    Pending,
    Sent,
    /// <summary>Gave up: the provider refused it, or every retry failed.</summary>
    Failed,
    /// <summary>Over the daily sending cap: kept for the next UTC day, never dropped.</summary>
    Held,
}

/// <summary>What an email is about; decides whether preferences and unsubscribe links apply.</summary>
public enum EmailCategory
{
    /// <summary>Security and money (verification, password reset, payment failed, admin alerts): always sent, first.</summary>
    Essential,
    /// <summary>Transactional notices about the account (welcome, receipts, plan changes): no opt-out.</summary>
    Account,
    /// <summary>A new assignment (preference: assignment emails).</summary>
    Assignment,
    /// <summary>An attempt was scored (preference: feedback emails).</summary>
    Feedback,
    /// <summary>The daily or weekly manager digest (preference: digest).</summary>
    Digest,
}

/// <summary>The template names, as stored and as tagged at the provider.</summary>
public static class EmailTemplateNames
{
    public const string Welcome = "welcome";
    public const string Assignment = "assignment";
    public const string FeedbackReady = "feedback-ready";
    public const string Digest = "digest";
    public const string InvoiceReceipt = "invoice-receipt";
    public const string PaymentFailed = "payment-failed";
    public const string PlanChanged = "plan-changed";
    public const string WebhookDisabled = "webhook-endpoint-disabled";
    public const string VoiceProviderStatus = "voice-provider-status";
    public const string FlagChanged = "feature-flag-changed";
    public const string EmailVerification = "email-verification";
    public const string PasswordReset = "password-reset";
    public const string VoiceSimsReclaimed = "voice-sims-reclaimed";
    public const string VoiceAiPaused = "voice-ai-paused";
    public const string VoiceAiRestored = "voice-ai-restored";
}

/// <summary>
/// One email in the outbox: rendered when the change that causes it is saved (in the same
/// transaction), sent afterwards by the background sender. Not tenant-filtered: the sender reads
/// across organizations, and account emails (verification, password reset) may precede any
/// organization, so <see cref="OrgId"/> is optional and queries scope themselves.
/// </summary>
public sealed class EmailMessage : Entity
{
    public const int MaxSubject = 500;
    public const int MaxTemplate = 64;
    public const int MaxDedupeKey = 200;
    public const int MaxError = 1000;

    public Guid? OrgId { get; private set; }
    /// <summary>The member it is for, when it is for a member (null for addresses outside any organization).</summary>
    public Guid? MemberId { get; private set; }
    public string ToAddress { get; private set; } = "";
    public string? ToName { get; private set; }
    public string Template { get; private set; } = "";
    public EmailCategory Category { get; private set; }
    public string Subject { get; private set; } = "";
    public string HtmlBody { get; private set; } = "";
    public string TextBody { get; private set; } = "";
    public string? ReplyTo { get; private set; }
    /// <summary>The one-click unsubscribe URL (List-Unsubscribe), for emails a preference can turn off.</summary>
    public string? UnsubscribeUrl { get; private set; }
    /// <summary>Makes an email once-only (e.g. one digest per manager and period); unique when set.</summary>
    public string? DedupeKey { get; private set; }

    public EmailStatus Status { get; private set; }
    public int Attempts { get; private set; }
    /// <summary>When it is due: now for a new email, later for a retry or a held email; the lease end while being sent.</summary>
    public DateTimeOffset NextAttemptAt { get; private set; }
    /// <summary>Set by the sender that claimed it; only that sender writes the outcome.</summary>
    public Guid? LeaseToken { get; private set; }
    public string? Provider { get; private set; }
    public string? ProviderMessageId { get; private set; }
    public string? LastError { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? SentAt { get; private set; }

    private EmailMessage() { }

    public EmailMessage(Guid? orgId, Guid? memberId, string to, string? toName, string template, EmailCategory category,
        string subject, string html, string text, string? replyTo, string? unsubscribeUrl, string? dedupeKey, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(to)) throw new DomainException("An email needs a recipient.");
        if (string.IsNullOrWhiteSpace(template)) throw new DomainException("An email needs a template name.");
        if (string.IsNullOrWhiteSpace(subject)) throw new DomainException("An email needs a subject.");
        OrgId = orgId;
        MemberId = memberId;
        ToAddress = to.Trim();
        ToName = string.IsNullOrWhiteSpace(toName) ? null : toName.Trim();
        Template = template;
        Category = category;
        Subject = subject.Length > MaxSubject ? subject[..MaxSubject] : subject;
        HtmlBody = html;
        TextBody = text;
        ReplyTo = string.IsNullOrWhiteSpace(replyTo) ? null : replyTo;
        UnsubscribeUrl = IsEssential(category) ? null : unsubscribeUrl;
        DedupeKey = dedupeKey;
        Status = EmailStatus.Pending;
        NextAttemptAt = now;
        CreatedAt = now;
    }

    /// <summary>Essential emails ignore preferences and the daily cap's order (they go first).</summary>
    public static bool IsEssential(EmailCategory category) => category == EmailCategory.Essential;

    /// <summary>Categories a member can switch off (and so unsubscribe from in one click).</summary>
    public static bool IsOptional(EmailCategory category) => category is EmailCategory.Assignment or EmailCategory.Feedback or EmailCategory.Digest;
}
