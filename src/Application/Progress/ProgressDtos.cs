using VoiceTraining.Application.Leaderboard;

namespace VoiceTraining.Application.Progress;

/// <summary>A member's scores and KPIs over time, oldest first, for trend charts.</summary>
public sealed record ProgressDto
{
    public Guid MemberId { get; init; }
    public string MemberName { get; init; } = "";
    public int Attempts { get; init; }
    public double AverageScore { get; init; }
    public int? BestScore { get; init; }
    /// <summary>Average of the last five scores minus the average of the five before them (null with fewer than six).</summary>
    public double? RecentTrend { get; init; }
    public KpiAveragesDto KpiAverages { get; init; } = new();
    public IReadOnlyList<ProgressPointDto> Points { get; init; } = [];
}

public sealed record ProgressPointDto
{
    public Guid AttemptId { get; init; }
    public DateTimeOffset At { get; init; }
    public Guid ScenarioId { get; init; }
    public string ScenarioTitle { get; init; } = "";
    public int Score { get; init; }
    public bool Passed { get; init; }
    public KpiAveragesDto Kpis { get; init; } = new();
}
