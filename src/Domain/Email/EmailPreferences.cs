using VoiceTraining.Domain.Common;
using VoiceTraining.Domain.Members;

namespace VoiceTraining.Domain.Email;

public enum DigestFrequency
{
    Off,
    Daily,
    Weekly,
}

/// <summary>
/// A member's choices about the emails they can switch off. Members without a row have the
/// defaults of their role (<see cref="DefaultFor"/>); the row is written on the first change.
/// Essential emails (verification, password reset, payment failed, admin alerts) ignore these.
/// </summary>
public sealed class EmailPreferences : TenantEntity
{
    public Guid MemberId { get; private set; }
    public bool AssignmentEmails { get; private set; }
    public bool FeedbackEmails { get; private set; }
    /// <summary>The manager digest; only managers and admins receive one.</summary>
    public DigestFrequency Digest { get; private set; }

    private EmailPreferences() { }

    public EmailPreferences(Guid orgId, Guid memberId, bool assignmentEmails, bool feedbackEmails, DigestFrequency digest, DateTimeOffset now)
        : base(orgId, now)
    {
        if (memberId == Guid.Empty) throw new DomainException("Preferences belong to a member.");
        MemberId = memberId;
        AssignmentEmails = assignmentEmails;
        FeedbackEmails = feedbackEmails;
        Digest = digest;
    }

    /// <summary>
    /// Assignment and feedback emails are on for everyone (they are what a trainee acts on); the
    /// digest is weekly for managers and admins and off for trainees, who have no team.
    /// </summary>
    public static EmailPreferenceValues DefaultFor(MemberRole role) =>
        new(true, true, role is MemberRole.Manager or MemberRole.Admin ? DigestFrequency.Weekly : DigestFrequency.Off);

    public EmailPreferenceValues Values => new(AssignmentEmails, FeedbackEmails, Digest);

    public void Set(EmailPreferenceValues values, DateTimeOffset now)
    {
        AssignmentEmails = values.AssignmentEmails;
        FeedbackEmails = values.FeedbackEmails;
        Digest = values.Digest;
        Touch(now);
    }

    /// <summary>Turns one optional category off (one-click unsubscribe).</summary>
    public void Unsubscribe(EmailCategory category, DateTimeOffset now)
    {
        switch (category)
        {
            case EmailCategory.Assignment: AssignmentEmails = false; break;
            case EmailCategory.Feedback: FeedbackEmails = false; break;
            case EmailCategory.Digest: Digest = DigestFrequency.Off; break;
            default: throw new DomainException($"{category} emails cannot be unsubscribed from.");
        }
        Touch(now);
    }
}

/// <summary>The three choices, with or without a stored row.</summary>
public sealed record EmailPreferenceValues(bool AssignmentEmails, bool FeedbackEmails, DigestFrequency Digest)
{
    public bool Allows(EmailCategory category) => category switch
    {
        EmailCategory.Assignment => AssignmentEmails,
        EmailCategory.Feedback => FeedbackEmails,
        EmailCategory.Digest => Digest != DigestFrequency.Off,
        _ => true,
    };

    public EmailPreferenceValues Without(EmailCategory category) => category switch
    {
        EmailCategory.Assignment => this with { AssignmentEmails = false },
        EmailCategory.Feedback => this with { FeedbackEmails = false },
        EmailCategory.Digest => this with { Digest = DigestFrequency.Off },
        _ => this,
    };
}
