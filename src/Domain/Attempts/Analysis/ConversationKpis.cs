using VoiceTraining.Domain.Scenarios;

namespace VoiceTraining.Domain.Attempts.Analysis;

/// <summary>
/// The conversation KPIs of one call, computed from its transcript by <see cref="ConversationAnalyzer"/>.
/// A plain settable class so it serialises to JSON (and back) as it is. Every number is finite
/// (never NaN or infinity): a KPI that cannot be measured, such as words per minute when the
/// trainee never spoke, is 0. See docs/kpis.md for each definition.
/// </summary>
public sealed class ConversationKpis
{
    /// <summary>The call length the per-minute KPIs use: the provider's duration when given, else the end of the last turn.</summary>
    public double CallDurationSeconds { get; init; }

    /// <summary>Turns analysed: non-empty turns of the trainee or the AI buyer.</summary>
    public int TurnCount { get; init; }
    public int TraineeTurnCount { get; init; }
    public int AiTurnCount { get; init; }

    /// <summary>Seconds the trainee spoke (overlapping turns of the same speaker count once).</summary>
    public double TraineeTalkSeconds { get; init; }
    /// <summary>Seconds the AI buyer spoke.</summary>
    public double AiTalkSeconds { get; init; }
    /// <summary>Trainee share of the speaking time, 0–100 with one decimal (0 when nobody spoke).</summary>
    public double TraineeSharePercent { get; init; }
    /// <summary>AI share of the speaking time: 100 minus the trainee share (0 when nobody spoke).</summary>
    public double AiSharePercent { get; init; }
    /// <summary>Trainee:AI shares as whole percents summing to 100, e.g. "45:55"; "0:0" when nobody spoke.</summary>
    public string TalkListenRatio { get; init; } = "0:0";

    /// <summary>Words the trainee said.</summary>
    public int TraineeWordCount { get; init; }
    /// <summary>Trainee words per minute of trainee speaking time.</summary>
    public double WordsPerMinute { get; init; }

    /// <summary>Filler words and phrases the trainee said.</summary>
    public int FillerWordCount { get; init; }
    /// <summary>Filler words per minute of trainee speaking time.</summary>
    public double FillerWordsPerMinute { get; init; }
    /// <summary>Each filler matched with its count, most frequent first (ties in ordinal order).</summary>
    public List<FillerWordCount> FillerWords { get; init; } = [];

    /// <summary>Longest stretch of consecutive trainee turns (first start to last end), in seconds.</summary>
    public double LongestMonologueSeconds { get; init; }

    /// <summary>Questions the trainee asked.</summary>
    public int QuestionsAsked { get; init; }

    /// <summary>Changes of speaker between consecutive (merged) turns.</summary>
    public int SpeakerSwitches { get; init; }
    /// <summary>Speaker switches per minute of call.</summary>
    public double SwitchesPerMinute { get; init; }

    /// <summary>Mean positive pause, in seconds, between the end of an AI turn and the trainee's reply (0 when none).</summary>
    public double PatienceSeconds { get; init; }
    /// <summary>How many pauses <see cref="PatienceSeconds"/> averages.</summary>
    public int PatienceSamples { get; init; }
    /// <summary>Trainee turns that started before the AI's turn had ended.</summary>
    public int Interruptions { get; init; }

    /// <summary>The number a <see cref="CriterionKind.KpiRange"/> criterion tests for <paramref name="metric"/>.</summary>
    public double ValueOf(KpiMetric metric) => metric switch
    {
        KpiMetric.TalkRatio => TraineeSharePercent,
        KpiMetric.FillerWordsPerMinute => FillerWordsPerMinute,
        KpiMetric.WordsPerMinute => WordsPerMinute,
        KpiMetric.LongestMonologueSeconds => LongestMonologueSeconds,
        KpiMetric.QuestionsAsked => QuestionsAsked,
        KpiMetric.SwitchesPerMinute => SwitchesPerMinute,
        KpiMetric.PatienceSeconds => PatienceSeconds,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown KPI."),
    };
}

/// <summary>One filler word or phrase and how often the trainee said it.</summary>
public sealed class FillerWordCount
{
    public string Word { get; init; } = "";
    public int Count { get; init; }
}
