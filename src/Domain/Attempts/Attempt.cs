using VoiceTraining.Domain.Common;
using VoiceTraining.Domain.Members;
using VoiceTraining.Domain.Scenarios;

namespace VoiceTraining.Domain.Attempts;

public enum AttemptStatus
{
    InProgress,
    Completed,
    Failed,
}

/// <summary>One turn of a call's transcript. The trainee is <c>user</c>; times are ms from call start.</summary>
public sealed class TranscriptTurn
{
    public string Role { get; set; } = "";
    public string Text { get; set; } = "";
    public long TimestampMs { get; set; }
    /// <summary>End of the turn when the provider gives it (Vapi's native messages do).</summary>
    public long? EndMs { get; set; }
}

/// <summary>A criterion's result in an attempt's score.</summary>
public sealed class CriterionScore
{
    public string Name { get; set; } = "";
    public int Weight { get; set; }
    /// <summary>0–100.</summary>
    public int Score { get; set; }
    public string Feedback { get; set; } = "";
}

/// <summary>One practice call of a scenario (table scenario_attempts).</summary>
public sealed class Attempt : TenantEntity
{
    public Guid MemberId { get; private set; }
    public Guid ScenarioId { get; private set; }
    public Guid? AssignmentId { get; private set; }
    public Member? Member { get; private set; }
    public Scenario? Scenario { get; private set; }
    public string? ProviderCallId { get; private set; }
    public AttemptStatus Status { get; private set; }
    public DateTimeOffset? StartedAt { get; private set; }
    public DateTimeOffset? EndedAt { get; private set; }
    public int? DurationSeconds { get; private set; }
    public List<TranscriptTurn> Transcript { get; private set; } = [];
    public string? RecordingUrl { get; private set; }
    /// <summary>Computed conversation KPIs by name (talk_listen, filler_words, …).</summary>
    public Dictionary<string, double> Kpis { get; private set; } = [];
    public int? Score { get; private set; }
    public List<CriterionScore> CriterionScores { get; private set; } = [];
    public string? Feedback { get; private set; }
    public string? FailureReason { get; private set; }

    private Attempt() { }

    public Attempt(Guid orgId, Guid memberId, Guid scenarioId, Guid? assignmentId, DateTimeOffset now)
        : base(orgId, now)
    {
        MemberId = memberId;
        ScenarioId = scenarioId;
        AssignmentId = assignmentId;
        Status = AttemptStatus.InProgress;
    }
}
