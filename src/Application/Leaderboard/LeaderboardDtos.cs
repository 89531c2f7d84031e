using VoiceTraining.Domain.Attempts.Analysis;
using VoiceTraining.Domain.Scenarios;

namespace VoiceTraining.Application.Leaderboard;

public enum LeaderboardPeriod
{
    Week,
    Month,
    All,
}

/// <summary>Members ranked by best score, then average score, then number of attempts.</summary>
public sealed record LeaderboardDto
{
    public LeaderboardPeriod Period { get; init; }
    /// <summary>Start of the period (null for all time).</summary>
    public DateTimeOffset? From { get; init; }
    public Guid? ScenarioId { get; init; }
    public Guid? TrackId { get; init; }
    public IReadOnlyList<LeaderboardEntryDto> Entries { get; init; } = [];
}

public sealed record LeaderboardEntryDto
{
    public int Rank { get; init; }
    public Guid MemberId { get; init; }
    public string MemberName { get; init; } = "";
    public int BestScore { get; init; }
    public double AverageScore { get; init; }
    public int Attempts { get; init; }
    public KpiAveragesDto KpiAverages { get; init; } = new();
}

/// <summary>Averages of the conversation KPIs over a set of attempts.</summary>
public sealed record KpiAveragesDto
{
    /// <summary>Trainee share of talk time, percent.</summary>
    public double TalkRatio { get; init; }
    public double FillerWordsPerMinute { get; init; }
    public double WordsPerMinute { get; init; }
    public double LongestMonologueSeconds { get; init; }
    public double QuestionsAsked { get; init; }
    public double SwitchesPerMinute { get; init; }
    public double PatienceSeconds { get; init; }

    public static KpiAveragesDto Of(IReadOnlyCollection<ConversationKpis> kpis)
    {
        double Avg(KpiMetric metric) => kpis.Count == 0 ? 0 : Math.Round(kpis.Average(k => k.ValueOf(metric)), 1);
        return new KpiAveragesDto
        {
            TalkRatio = Avg(KpiMetric.TalkRatio),
            FillerWordsPerMinute = Avg(KpiMetric.FillerWordsPerMinute),
            WordsPerMinute = Avg(KpiMetric.WordsPerMinute),
            LongestMonologueSeconds = Avg(KpiMetric.LongestMonologueSeconds),
            QuestionsAsked = Avg(KpiMetric.QuestionsAsked),
            SwitchesPerMinute = Avg(KpiMetric.SwitchesPerMinute),
            PatienceSeconds = Avg(KpiMetric.PatienceSeconds),
        };
    }
}
