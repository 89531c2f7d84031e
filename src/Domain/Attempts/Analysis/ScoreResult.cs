namespace VoiceTraining.Domain.Attempts.Analysis;

/// <summary>An attempt's score against its scenario's rubric (see <see cref="RubricScorer"/>).</summary>
public sealed class ScoreResult
{
    /// <summary>0–100: the weighted mean of the scored criteria, rounded half away from zero; 0 when none could be scored.</summary>
    public int Score { get; set; }

    /// <summary>One result per rubric criterion, in rubric order.</summary>
    public List<CriterionScore> Criteria { get; set; } = [];

    /// <summary>One or two sentences: the score, what was met, what was not, what could not be judged.</summary>
    public string Summary { get; set; } = "";
}
