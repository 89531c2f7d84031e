namespace VoiceTraining.Application.Email.Templates;

/// <summary>A member who just joined (user.added).</summary>
public sealed record WelcomeModel(string To, string Name, string OrgName, string RoleName, string? InviterName, string AppUrl);

/// <summary>A new assignment (scenario.assigned).</summary>
public sealed record AssignmentModel(
    string To, string Name, string OrgName, string Title, bool IsTrack, int ScenarioCount, DateTimeOffset? DueAt, string? AssignedByName,
    string AssignmentsUrl, string? UnsubscribeUrl);

/// <summary>A scored attempt (scenario.completed, attempt.scored.low).</summary>
public sealed record FeedbackModel(
    string To, string Name, string OrgName, string ScenarioTitle, int Score, int PassingThreshold, int DurationSeconds,
    string TalkListenRatio, double FillerWordsPerMinute, int QuestionsAsked, double WordsPerMinute, string? Summary,
    string AttemptUrl, bool CanReply, string? UnsubscribeUrl)
{
    public bool Passed => Score >= PassingThreshold;
}

/// <summary>One team member's line in a digest.</summary>
public sealed record DigestMemberRow(string Name, int Completed, double? AverageScore, int Passed);

/// <summary>An overdue assignment in a digest.</summary>
public sealed record DigestOverdueRow(string MemberName, string Title, DateTimeOffset DueAt, int DaysOverdue);

/// <summary>The manager digest: what the team did in the period, and what is overdue now.</summary>
public sealed record DigestModel(
    string To, string Name, string OrgName, bool Weekly, string PeriodLabel, int TeamSize, int Completions, double? AverageScore,
    int PassRatePercent, double AverageTalkShare, double AverageFillerWordsPerMinute, double AverageQuestions, double AverageWordsPerMinute,
    IReadOnlyList<DigestMemberRow> Members, IReadOnlyList<DigestOverdueRow> Overdue, string ResultsUrl, string? UnsubscribeUrl);

/// <summary>A paid invoice, to an admin (billing.invoice_paid).</summary>
public sealed record InvoiceReceiptModel(
    string To, string Name, string OrgName, string Amount, string? InvoiceNumber, DateTimeOffset PaidAt, DateTimeOffset? PeriodStart,
    DateTimeOffset? PeriodEnd, string? InvoiceUrl, string BillingUrl);

/// <summary>A failed payment, to an admin (billing.invoice_payment_failed).</summary>
public sealed record PaymentFailedModel(
    string To, string Name, string OrgName, string Amount, string? InvoiceNumber, string? InvoiceUrl, int GraceDays, string BillingUrl);

/// <summary>The organization's plan changed, to an admin (billing.plan_changed).</summary>
public sealed record PlanChangedModel(string To, string Name, string OrgName, string OldPlan, string NewPlan, DateTimeOffset ChangedAt, string BillingUrl);

/// <summary>Fewer voice AI SIMs were bought than were assigned: the members whose SIM was taken back, to an admin.</summary>
public sealed record VoiceSimsReclaimedModel(string To, string Name, string OrgName, int Purchased, IReadOnlyList<string> Members, string BillingUrl);

/// <summary>
/// Voice AI paused (an unpaid invoice of the plan subscription) or restored (the invoice paid) for
/// the organization's members who hold a SIM, to an admin.
/// </summary>
public sealed record VoiceAiBillingModel(string To, string Name, string OrgName, int Members, string? InvoiceNumber, string BillingUrl);

/// <summary>The platform switched a webhook endpoint off, to an admin.</summary>
public sealed record WebhookDisabledModel(
    string To, string Name, string OrgName, string EndpointName, string EndpointUrl, string Reason, DateTimeOffset DisabledAt, string WebhooksUrl);

/// <summary>A speech provider became unhealthy or healthy again (an alert to the installation's operators).</summary>
public sealed record VoiceProviderStatusModel(
    string To, string Provider, string Kind, bool Healthy, string Reason, DateTimeOffset At, string? Fallback, string Instance, string AdminUrl);
/// <summary>An admin alert: a feature flag was set or cleared (<see cref="OrgName"/> empty for a global change).</summary>
public sealed record FlagChangedModel(
    string To, string? Name, string OrgName, string Key, string Scope, string Target, string OldValue, string NewValue,
    string ChangedBy, string? Reason, DateTimeOffset ChangedAt, string FlagsUrl);

/// <summary>Confirm an email address, or reset a password: a link that expires.</summary>
public sealed record AccountLinkModel(string To, string? Name, string Link, DateTimeOffset? ExpiresAt);
