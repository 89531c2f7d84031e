using VoiceTraining.Domain.Common;

namespace VoiceTraining.Domain.Attempts;

/// <summary>A trainee finished a practice call and it was scored.</summary>
public sealed record ScenarioCompleted : DomainEvent
{
    public override string Type => "scenario.completed";
    public Guid AttemptId { get; init; }
    public Guid MemberId { get; init; }
    public Guid ScenarioId { get; init; }
    public int Score { get; init; }
    public int PassingThreshold { get; init; }
    public int DurationSeconds { get; init; }
}

/// <summary>An attempt scored below its scenario's passing threshold.</summary>
public sealed record AttemptScoredLow : DomainEvent
{
    public override string Type => "attempt.scored.low";
    public Guid AttemptId { get; init; }
    public Guid MemberId { get; init; }
    public Guid ScenarioId { get; init; }
    public int Score { get; init; }
    public int Threshold { get; init; }
}

/// <summary>A member has now completed every scenario of a track.</summary>
public sealed record TrackCompleted : DomainEvent
{
    public override string Type => "track.completed";
    public Guid MemberId { get; init; }
    public Guid TrackId { get; init; }
    public IReadOnlyList<Guid> ScenarioIds { get; init; } = [];
    public Guid? AssignmentId { get; init; }
}

/// <summary>A practice call failed (provider error, no answer …); the trainee can try again.</summary>
public sealed record AttemptFailed : DomainEvent
{
    public override string Type => "attempt.failed";
    public Guid AttemptId { get; init; }
    public Guid MemberId { get; init; }
    public Guid ScenarioId { get; init; }
    public string Reason { get; init; } = "";
}
