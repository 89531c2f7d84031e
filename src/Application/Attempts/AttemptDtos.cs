using AutoMapper;
using VoiceTraining.Domain.Attempts;
using VoiceTraining.Domain.Scenarios;

namespace VoiceTraining.Application.Attempts;

/// <summary>An attempt as lists show it.</summary>
public sealed record AttemptSummaryDto
{
    public Guid Id { get; init; }
    public Guid MemberId { get; init; }
    public string MemberName { get; init; } = "";
    public Guid ScenarioId { get; init; }
    public string ScenarioTitle { get; init; } = "";
    public Guid? AssignmentId { get; init; }
    public AttemptStatus Status { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public int? DurationSeconds { get; init; }
    /// <summary>0–100, once scored.</summary>
    public int? Score { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>One practice call with its transcript, KPIs and score breakdown.</summary>
public sealed record AttemptDto
{
    public Guid Id { get; init; }
    public Guid MemberId { get; init; }
    public string MemberName { get; init; } = "";
    public Guid ScenarioId { get; init; }
    public string ScenarioTitle { get; init; } = "";
    public int PassingThreshold { get; init; }
    public Guid? AssignmentId { get; init; }
    public string? ProviderCallId { get; init; }
    public AttemptStatus Status { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public int? DurationSeconds { get; init; }
    public IReadOnlyList<TranscriptTurnDto> Transcript { get; init; } = [];
    /// <summary>Where members of the organization can play the recording (this API), once it is stored.</summary>
    public string? RecordingUrl { get; init; }
    public RecordingStatus RecordingStatus { get; init; }
    public string? EndedReason { get; init; }
    /// <summary>The voice provider's summary of the call, when it made one.</summary>
    public string? AnalysisSummary { get; init; }
    public IReadOnlyDictionary<string, double> Kpis { get; init; } = new Dictionary<string, double>();
    public int? Score { get; init; }
    public IReadOnlyList<CriterionScoreDto> CriterionScores { get; init; } = [];
    public string? Feedback { get; init; }
    public string? FailureReason { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

public sealed record TranscriptTurnDto
{
    /// <summary>"user" is the trainee, "assistant" the AI buyer.</summary>
    public string Role { get; init; } = "";
    public string Text { get; init; } = "";
    /// <summary>Milliseconds from the start of the call.</summary>
    public long TimestampMs { get; init; }
    public long? EndMs { get; init; }
}

public sealed record CriterionScoreDto
{
    public string Name { get; init; } = "";
    public CriterionKind Kind { get; init; }
    public int Weight { get; init; }
    public bool Met { get; init; }
    /// <summary>False when the criterion could not be judged on this call; it then counts for nothing.</summary>
    public bool Scored { get; init; }
    /// <summary>0–100 for this criterion.</summary>
    public int Score { get; init; }
    /// <summary>Points contributed to the attempt's 0–100 score.</summary>
    public double Points { get; init; }
    public string Feedback { get; init; } = "";
}

public sealed class AttemptMappingProfile : Profile
{
    public AttemptMappingProfile()
    {
        CreateMap<TranscriptTurn, TranscriptTurnDto>();
        CreateMap<CriterionScore, CriterionScoreDto>();
        CreateMap<Attempt, AttemptSummaryDto>()
            .ForMember(d => d.MemberName, o => o.MapFrom(a => a.Member!.Name))
            .ForMember(d => d.ScenarioTitle, o => o.MapFrom(a => a.Scenario!.Title));
        CreateMap<Attempt, AttemptDto>()
            .ForMember(d => d.MemberName, o => o.MapFrom(a => a.Member!.Name))
            .ForMember(d => d.ScenarioTitle, o => o.MapFrom(a => a.Scenario!.Title))
            .ForMember(d => d.PassingThreshold, o => o.MapFrom(a => a.Scenario!.PassingThreshold))
            .ForMember(d => d.RecordingUrl, o => o.MapFrom(a => a.RecordingStatus == RecordingStatus.Stored ? $"/api/attempts/{a.Id}/recording" : null));
    }
}
