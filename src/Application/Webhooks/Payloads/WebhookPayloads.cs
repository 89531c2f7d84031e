using System.ComponentModel;
using System.Text.Json.Serialization;

namespace VoiceTraining.Application.Webhooks.Payloads;

// The bodies of outbound webhooks: the integration contract's format (snake_case keys, ISO 8601
// UTC timestamps), one type per event so each has an exact JSON Schema. Shared objects come first.

public sealed record WebhookOrg(Guid Id, string Name);

public sealed record WebhookUser(Guid Id, string Email, string Name, string Role);

/// <summary>A person referred to by an event (the inviter, who assigned).</summary>
public sealed record WebhookPerson(Guid Id, string Email, string Name);

public sealed record WebhookScenario(Guid Id, string Title);

public sealed record WebhookTrack(Guid Id, string Title);

public sealed record WebhookKpis(
    [property: Description("Trainee:buyer share of speaking time, e.g. \"45:55\".")] string TalkListen,
    int FillerWords,
    double FillerWordsPerMinute,
    int QuestionsAsked,
    double LongestMonologueSeconds,
    double WordsPerMinute,
    double PatienceSeconds,
    int Interruptions);

public sealed record WebhookAttempt(
    Guid Id,
    int Score,
    bool Passed,
    int DurationSeconds,
    WebhookKpis Kpis,
    [property: Description("The call recording through the API (bearer token or API key); null when the call had none.")] string? RecordingUrl,
    [property: Description("The transcript through the API (bearer token or API key).")] string TranscriptUrl,
    DateTimeOffset CompletedAt);

public sealed record WebhookAssignment(Guid Id, DateTimeOffset? DueAt, WebhookScenario? Scenario, WebhookTrack? Track, WebhookPerson? AssignedBy, DateTimeOffset CreatedAt);

/// <summary>What every payload carries.</summary>
public abstract record WebhookPayload
{
    [JsonPropertyOrder(-10)]
    [Description("The event type.")]
    public required string Event { get; init; }

    [JsonPropertyOrder(-9)]
    [Description("Unique per event; the same on every retry and replay, and equal to the X-Webhook-Id header. Use it to drop duplicates.")]
    public required Guid IdempotencyKey { get; init; }

    [JsonPropertyOrder(-8)]
    [Description("When the event happened (UTC).")]
    public required DateTimeOffset Timestamp { get; init; }

    [JsonPropertyOrder(-7)]
    public required WebhookOrg Org { get; init; }
}

public sealed record ScenarioAssignedPayload : WebhookPayload
{
    public required WebhookUser User { get; init; }
    [Description("The assigned scenario; null when a track was assigned.")]
    public WebhookScenario? Scenario { get; init; }
    [Description("The assigned track; null when a scenario was assigned.")]
    public WebhookTrack? Track { get; init; }
    public required WebhookAssignment Assignment { get; init; }
}

public sealed record ScenarioCompletedPayload : WebhookPayload
{
    public required WebhookUser User { get; init; }
    public required WebhookScenario Scenario { get; init; }
    public required WebhookAttempt Attempt { get; init; }
    public required int Score { get; init; }
}

public sealed record AttemptScoredLowPayload : WebhookPayload
{
    public required WebhookUser User { get; init; }
    public required WebhookScenario Scenario { get; init; }
    public required WebhookAttempt Attempt { get; init; }
    [Description("The scenario's passing threshold the score fell under.")]
    public required int Threshold { get; init; }
}

public sealed record TrackCompletedPayload : WebhookPayload
{
    public required WebhookUser User { get; init; }
    public required WebhookTrack Track { get; init; }
    public required IReadOnlyList<WebhookScenario> Scenarios { get; init; }
    public required DateTimeOffset CompletionDate { get; init; }
}

public sealed record UserAddedPayload : WebhookPayload
{
    public required WebhookUser User { get; init; }
    [Description("Who added the user; null for sign-ups and identity-provider sync.")]
    public WebhookPerson? Inviter { get; init; }
}

public sealed record UserPromotedPayload : WebhookPayload
{
    public required WebhookUser User { get; init; }
    public required string OldRole { get; init; }
    public required string NewRole { get; init; }
}

public sealed record AssignmentOverduePayload : WebhookPayload
{
    public required WebhookUser User { get; init; }
    public required WebhookAssignment Assignment { get; init; }
    public required int DaysOverdue { get; init; }
}

public sealed record WebhookTestPayload : WebhookPayload
{
    public required string Message { get; init; }
}
