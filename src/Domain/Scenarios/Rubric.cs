namespace VoiceTraining.Domain.Scenarios;

/// <summary>How a rubric criterion is judged.</summary>
public enum CriterionKind
{
    /// <summary>A conversation KPI must fall within [Min, Max].</summary>
    KpiRange,
    /// <summary>The trainee must say at least one of the phrasings.</summary>
    RequiredPhrases,
    /// <summary>The trainee must say none of the phrases.</summary>
    ForbiddenPhrases,
    /// <summary>A language model judges the transcript against the instructions, when one is configured.</summary>
    ModelEvaluation,
    /// <summary>The trainee must ask at least Min questions.</summary>
    MinimumQuestions,
}

/// <summary>The conversation KPIs a rubric criterion can test.</summary>
public enum KpiMetric
{
    /// <summary>Trainee share of speaking time, in percent (the "45" of "45:55").</summary>
    TalkRatio,
    FillerWordsPerMinute,
    WordsPerMinute,
    LongestMonologueSeconds,
    QuestionsAsked,
    SwitchesPerMinute,
    /// <summary>Mean pause before the trainee answers, in seconds.</summary>
    PatienceSeconds,
}

/// <summary>One weighted line of a scenario's rubric. Stored as JSON with the scenario.</summary>
public sealed class RubricCriterion
{
    public string Name { get; set; } = "";
    public int Weight { get; set; } = 1;
    public CriterionKind Kind { get; set; }
    public KpiMetric? Kpi { get; set; }
    public double? Min { get; set; }
    public double? Max { get; set; }
    public List<string> Phrases { get; set; } = [];
    public string? Instructions { get; set; }
}
