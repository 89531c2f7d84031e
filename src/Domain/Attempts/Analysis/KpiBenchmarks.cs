using VoiceTraining.Domain.Scenarios;

namespace VoiceTraining.Domain.Attempts.Analysis;

/// <summary>
/// A KPI's benchmark band: the values a good sales conversation shows. Either bound may be open.
/// <see cref="Target"/> is the single best-known value where the sources give one.
/// </summary>
public sealed record KpiBand(KpiMetric Metric, double? Min, double? Max, double? Target, string Unit, string Source)
{
    /// <summary>Whether <paramref name="value"/> lies in the band (bounds inclusive).</summary>
    public bool Contains(double value) => (Min is null || value >= Min) && (Max is null || value <= Max);
}

/// <summary>
/// Benchmark bands of the conversation KPIs, from published conversation-intelligence studies of
/// recorded B2B sales calls (see docs/kpis.md). They are defaults for rubrics and guidance for
/// the dashboard; a scenario's rubric sets its own ranges.
/// </summary>
public static class KpiBenchmarks
{
    public static KpiBand TalkRatio { get; } = new(KpiMetric.TalkRatio, 40, 50, 43, "%",
        "Gong Labs, 25,537 recorded B2B calls: top performers talk about 43% of the time (43:57); win rates fall as the rep's share passes 50–65%.");

    public static KpiBand FillerWordsPerMinute { get; } = new(KpiMetric.FillerWordsPerMinute, null, 1, null, "per minute",
        "Speaking-coach rule of thumb: about one filler per minute of speech or fewer.");

    public static KpiBand WordsPerMinute { get; } = new(KpiMetric.WordsPerMinute, 110, 175, 150, "words per minute",
        "Conversational English runs at about 110–150 wpm (about 150 on average); call studies report ~173 wpm typical for reps, faster under pressure.");

    public static KpiBand LongestMonologueSeconds { get; } = new(KpiMetric.LongestMonologueSeconds, null, 76, null, "s",
        "Conversation-intelligence studies: top performers' longest monologue stays at or below about 76 seconds.");

    public static KpiBand QuestionsAsked { get; } = new(KpiMetric.QuestionsAsked, 11, 14, null, "questions",
        "Gong/SalesLoft discovery-call benchmark: 11–14 questions per call had the highest success rate.");

    public static KpiBand SwitchesPerMinute { get; } = new(KpiMetric.SwitchesPerMinute, 2, 6, null, "per minute",
        "Heuristic band: studies report that more speaker switches per minute correlate with success but publish no range.");

    public static KpiBand PatienceSeconds { get; } = new(KpiMetric.PatienceSeconds, 0.6, 1.0, 1.0, "s",
        "Conversation-intelligence guidance: top reps pause about 0.6–1 second before answering.");

    /// <summary>Every band, in <see cref="KpiMetric"/> order.</summary>
    public static IReadOnlyList<KpiBand> All { get; } =
        [TalkRatio, FillerWordsPerMinute, WordsPerMinute, LongestMonologueSeconds, QuestionsAsked, SwitchesPerMinute, PatienceSeconds];

    /// <summary>The band of <paramref name="metric"/>.</summary>
    public static KpiBand For(KpiMetric metric) => metric switch
    {
        KpiMetric.TalkRatio => TalkRatio,
        KpiMetric.FillerWordsPerMinute => FillerWordsPerMinute,
        KpiMetric.WordsPerMinute => WordsPerMinute,
        KpiMetric.LongestMonologueSeconds => LongestMonologueSeconds,
        KpiMetric.QuestionsAsked => QuestionsAsked,
        KpiMetric.SwitchesPerMinute => SwitchesPerMinute,
        KpiMetric.PatienceSeconds => PatienceSeconds,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown KPI."),
    };
}
