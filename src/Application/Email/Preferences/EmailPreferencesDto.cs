using VoiceTraining.Domain.Email;

namespace VoiceTraining.Application.Email.Preferences;

/// <summary>
/// The emails a member has chosen to receive. Essential emails (email verification, password
/// reset, payment failed, admin alerts) and account notices (welcome, receipts, plan changes) are
/// not optional and not listed.
/// </summary>
public sealed record EmailPreferencesDto
{
    /// <summary>An email for each new assignment.</summary>
    public bool AssignmentEmails { get; init; }
    /// <summary>An email when an attempt has been scored.</summary>
    public bool FeedbackEmails { get; init; }
    /// <summary>The team digest (managers and admins): daily, weekly or off.</summary>
    public DigestFrequency Digest { get; init; }
    /// <summary>True while the member has never changed them (the defaults of their role apply).</summary>
    public bool IsDefault { get; init; }

    public static EmailPreferencesDto From(EmailPreferenceValues values, bool isDefault) => new()
    {
        AssignmentEmails = values.AssignmentEmails,
        FeedbackEmails = values.FeedbackEmails,
        Digest = values.Digest,
        IsDefault = isDefault,
    };
}
