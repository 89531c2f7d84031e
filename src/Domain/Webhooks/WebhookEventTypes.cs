namespace VoiceTraining.Domain.Webhooks;

/// <summary>The event types organizations can subscribe to (the integration contract's table), plus the test event.</summary>
public static class WebhookEventTypes
{
    public const string ScenarioAssigned = "scenario.assigned";
    public const string ScenarioCompleted = "scenario.completed";
    public const string AttemptScoredLow = "attempt.scored.low";
    public const string TrackCompleted = "track.completed";
    public const string UserAdded = "user.added";
    public const string UserPromoted = "user.promoted";
    public const string AssignmentOverdue = "assignment.overdue";
    /// <summary>Sent only by "send test"; not subscribable.</summary>
    public const string Test = "webhook.test";

    /// <summary>The subscribable types, in the contract's order.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        ScenarioAssigned, ScenarioCompleted, AttemptScoredLow, TrackCompleted, UserAdded, UserPromoted, AssignmentOverdue,
    ];

    public static bool IsSubscribable(string type) => All.Contains(type, StringComparer.Ordinal);
}
