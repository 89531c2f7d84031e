using AutoMapper;
using VoiceTraining.Domain.Attempts;
using VoiceTraining.Domain.Attempts.Analysis;
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
    /// <summary>The conversation KPIs (zero until the call is completed).</summary>
    public ConversationKpisDto Kpis { get; init; } = new();
    /// <summary>Each KPI against its benchmark band (talk ratio 43:57, 110–175 words a minute …).</summary>
    public IReadOnlyList<KpiBandDto> KpiBands { get; init; } = [];
    public int? Score { get; init; }
    public IReadOnlyList<CriterionScoreDto> CriterionScores { get; init; } = [];
    public string? Feedback { get; init; }
    public string? FailureReason { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>Conversation KPIs of the trainee's side of a call; definitions in docs/kpis.md.</summary>
public sealed record ConversationKpisDto
{
    public double CallDurationSeconds { get; init; }
    public int TurnCount { get; init; }
    public int TraineeTurnCount { get; init; }
    public int AiTurnCount { get; init; }
    public double TraineeTalkSeconds { get; init; }
    public double AiTalkSeconds { get; init; }
    /// <summary>Trainee share of talk time, percent.</summary>
    public double TraineeSharePercent { get; init; }
    public double AiSharePercent { get; init; }
    /// <summary>Trainee : AI talk time as whole percents, e.g. "45:55".</summary>
    public string TalkListenRatio { get; init; } = "0:0";
    public int TraineeWordCount { get; init; }
    public double WordsPerMinute { get; init; }
    public int FillerWordCount { get; init; }
    public double FillerWordsPerMinute { get; init; }
    /// <summary>Which filler words were heard, and how often.</summary>
    public IReadOnlyList<FillerWordCountDto> FillerWords { get; init; } = [];
    public double LongestMonologueSeconds { get; init; }
    public int QuestionsAsked { get; init; }
    public int SpeakerSwitches { get; init; }
    public double SwitchesPerMinute { get; init; }
    /// <summary>Mean pause before the trainee speaks after the AI stops, in seconds.</summary>
    public double PatienceSeconds { get; init; }
    public int PatienceSamples { get; init; }
    /// <summary>Trainee turns that started before the AI had finished.</summary>
    public int Interruptions { get; init; }
}

public sealed record FillerWordCountDto
{
    public string Word { get; init; } = "";
    public int Count { get; init; }
}

/// <summary>One KPI against its published benchmark band.</summary>
public sealed record KpiBandDto
{
    public KpiMetric Metric { get; init; }
    public double Value { get; init; }
    public double? Min { get; init; }
    public double? Max { get; init; }
    public double? Target { get; init; }
    public string Unit { get; init; } = "";
    public bool WithinBenchmark { get; init; }
    /// <summary>Where the benchmark comes from.</summary>
    public string Source { get; init; } = "";
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
        CreateMap<FillerWordCount, FillerWordCountDto>();
        CreateMap<ConversationKpis, ConversationKpisDto>();
        CreateMap<Attempt, AttemptSummaryDto>()
            .ForMember(d => d.MemberName, o => o.MapFrom(a => a.Member!.Name))
            .ForMember(d => d.ScenarioTitle, o => o.MapFrom(a => a.Scenario!.Title));
        CreateMap<Attempt, AttemptDto>()
            .ForMember(d => d.MemberName, o => o.MapFrom(a => a.Member!.Name))
            .ForMember(d => d.ScenarioTitle, o => o.MapFrom(a => a.Scenario!.Title))
            .ForMember(d => d.PassingThreshold, o => o.MapFrom(a => a.Scenario!.PassingThreshold))
            .ForMember(d => d.RecordingUrl, o => o.MapFrom(a => a.RecordingStatus == RecordingStatus.Stored ? $"/api/attempts/{a.Id}/recording" : null))
            .ForMember(d => d.KpiBands, o => o.MapFrom(a => a.Status == AttemptStatus.Completed ? Bands(a.Kpis) : new List<KpiBandDto>()));
    }

    private static List<KpiBandDto> Bands(ConversationKpis kpis) =>
        KpiBenchmarks.All.Select(b => new KpiBandDto
        {
            Metric = b.Metric, Value = kpis.ValueOf(b.Metric), Min = b.Min, Max = b.Max, Target = b.Target, Unit = b.Unit,
            WithinBenchmark = b.Contains(kpis.ValueOf(b.Metric)), Source = b.Source,
        }).ToList();
}
