using System.Globalization;
using System.Text;
using VoiceTraining.Domain.Scenarios;

namespace VoiceTraining.Domain.Attempts.Analysis;

/// <summary>
/// Scores an attempt against its scenario's rubric. Pure and deterministic: the same rubric, transcript,
/// KPIs and analysis always give the same result, whatever the machine's clock or culture. Each criterion
/// scores 0–100 (docs/kpis.md has the formulas):
/// <list type="bullet">
/// <item>KpiRange: 100 inside [Min, Max] (bounds inclusive). Outside, the credit falls linearly from 99 to 0 over
/// a tolerance: the range's width when both bounds are set and differ; otherwise half the crossed bound's size
/// (|bound| / 2, or 1 when the bound is 0). Score = round(100 × (1 − distance / tolerance)), between 0 and 99.</item>
/// <item>RequiredPhrases: 100 when the trainee said any of the phrasings, else 0.</item>
/// <item>ForbiddenPhrases: 100 when the trainee said none of the phrases, else 0.</item>
/// <item>MinimumQuestions: 100 when QuestionsAsked ≥ Min, else round(100 × asked / Min), at most 99.</item>
/// <item>ModelEvaluation: the model's verdict read by <see cref="SuccessEvaluation"/>; met at
/// <see cref="SuccessEvaluation.PassMark"/> or above. No readable verdict: not scored.</item>
/// </list>
/// A criterion that cannot be judged (no verdict, no KPI or range configured, no phrases) is not scored and
/// counts for nothing. The total is round(Σ weight × score / Σ weight) over the scored criteria, half away from
/// zero; weights below 0 count as 0. With no scored criterion, or a zero total weight, the total is 0.
/// Met means a criterion scored 100 (model evaluations: at least the pass mark).
/// </summary>
public static class RubricScorer
{
    /// <summary>Feedback of a model-evaluated criterion on a call without a readable model verdict.</summary>
    public const string NoModelEvaluation = "No model evaluation was available for this call.";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static ScoreResult Score(IReadOnlyList<RubricCriterion> rubric, IReadOnlyList<TranscriptTurn> turns, ConversationKpis kpis, CallAnalysis? analysis)
    {
        ArgumentNullException.ThrowIfNull(rubric);
        ArgumentNullException.ThrowIfNull(turns);
        ArgumentNullException.ThrowIfNull(kpis);

        var criteria = new List<CriterionScore>(rubric.Count);
        PhraseMatcher? matcher = null;
        try
        {
            foreach (var criterion in rubric)
            {
                if (criterion is null) continue;
                var judged = criterion.Kind switch
                {
                    CriterionKind.KpiRange => KpiRange(criterion, kpis),
                    CriterionKind.RequiredPhrases => RequiredPhrases(criterion, matcher ??= PhraseMatcher.ForTrainee(turns)),
                    CriterionKind.ForbiddenPhrases => ForbiddenPhrases(criterion, matcher ??= PhraseMatcher.ForTrainee(turns)),
                    CriterionKind.MinimumQuestions => MinimumQuestions(criterion, kpis),
                    CriterionKind.ModelEvaluation => ModelEvaluation(criterion, analysis),
                    _ => Unscored("This kind of criterion is not known."),
                };
                criteria.Add(new CriterionScore
                {
                    Name = criterion.Name,
                    Kind = criterion.Kind,
                    Weight = criterion.Weight,
                    Scored = judged.Scored,
                    Met = judged.Scored && judged.Met,
                    Score = judged.Scored ? judged.Score : 0,
                    Feedback = judged.Feedback,
                });
            }
        }
        finally
        {
            matcher?.Dispose();
        }

        long weightSum = 0, weighted = 0;
        foreach (var c in criteria)
        {
            if (!c.Scored) continue;
            weightSum += Math.Max(0, c.Weight);
            weighted += (long)Math.Max(0, c.Weight) * c.Score;
        }
        var total = 0;
        if (weightSum > 0)
        {
            // round(weighted / weightSum) half away from zero, in integers: both are non-negative.
            total = (int)((2 * weighted + weightSum) / (2 * weightSum));
            foreach (var c in criteria)
                if (c.Scored) c.Points = Math.Round((double)Math.Max(0, c.Weight) * c.Score / weightSum, 2, MidpointRounding.AwayFromZero);
        }

        return new ScoreResult { Score = Math.Clamp(total, 0, 100), Criteria = criteria, Summary = Summarise(total, weightSum, criteria) };
    }

    private readonly record struct Judgement(bool Scored, bool Met, int Score, string Feedback);

    private static Judgement Unscored(string feedback) => new(false, false, 0, feedback);

    private static Judgement KpiRange(RubricCriterion criterion, ConversationKpis kpis)
    {
        if (criterion.Kpi is not KpiMetric metric || !Enum.IsDefined(metric)) return Unscored("No KPI is configured for this criterion.");
        var min = Finite(criterion.Min);
        var max = Finite(criterion.Max);
        if (min is null && max is null) return Unscored("No range is configured for this criterion.");
        if (min is double lo && max is double hi && lo > hi) (min, max) = (hi, lo);

        var value = kpis.ValueOf(metric);
        var (label, format, unit) = Describe(metric);
        var range = (min, max) switch
        {
            (double a, double b) when a == b => Number(a) + unit,
            (double a, double b) => $"{Number(a)}\u2013{Number(b)}{unit}",
            (double a, null) => $"at least {Number(a)}{unit}",
            _ => $"at most {Number(max!.Value)}{unit}",
        };
        var shown = value.ToString(format, Invariant) + unit;
        if (!double.IsFinite(value)) return new(true, false, 0, $"{label} could not be measured; the target is {range}.");

        double distance, bound;
        if (min is double below && value < below) (distance, bound) = (below - value, below);
        else if (max is double above && value > above) (distance, bound) = (value - above, above);
        else return new(true, true, 100, $"{label} was {shown}, within the target ({range}).");

        var tolerance = min is double l && max is double h && h > l ? h - l : Math.Abs(bound) / 2;
        if (tolerance <= 0) tolerance = 1;
        var score = Math.Clamp((int)Math.Round(100 * (1 - distance / tolerance), MidpointRounding.AwayFromZero), 0, 99);
        var side = value < bound ? "below" : "above";
        return new(true, false, score, Inv($"{label} was {shown}, {side} the target ({range}): {score}/100."));
    }

    private static Judgement MinimumQuestions(RubricCriterion criterion, ConversationKpis kpis)
    {
        if (Finite(criterion.Min) is not double min) return Unscored("No minimum number of questions is configured.");
        var asked = kpis.QuestionsAsked;
        var questions = asked == 1 ? "question" : "questions";
        if (asked >= min) return new(true, true, 100, Inv($"Asked {asked} {questions}, meeting the minimum of {Number(min)}."));
        var score = Math.Clamp((int)Math.Round(100.0 * asked / min, MidpointRounding.AwayFromZero), 0, 99);
        return new(true, false, score, Inv($"Asked {asked} {questions}; the minimum is {Number(min)}: {score}/100."));
    }

    private static Judgement RequiredPhrases(RubricCriterion criterion, PhraseMatcher matcher)
    {
        var (phrases, needles) = Needles(criterion);
        if (needles.Count == 0) return Unscored("This criterion lists no phrases.");
        if (matcher.FindFirst(needles) is { } match)
        {
            var phrase = phrases[needles.IndexOf(match.Needle)];
            return new(true, true, 100, $"Heard \"{phrase}\": \"{matcher.Quote(match)}\"");
        }
        return new(true, false, 0, $"None of the phrasings was heard ({List(phrases)}).");
    }

    private static Judgement ForbiddenPhrases(RubricCriterion criterion, PhraseMatcher matcher)
    {
        var (phrases, needles) = Needles(criterion);
        if (needles.Count == 0) return Unscored("This criterion lists no phrases.");
        if (matcher.FindFirst(needles) is not { } match) return new(true, true, 100, "None of the forbidden phrases was heard.");
        var phrase = phrases[needles.IndexOf(match.Needle)];
        var count = matcher.CountAll(needles);
        var times = count > 1 ? string.Create(Invariant, $" ({count} times in all)") : "";
        return new(true, false, 0, $"Said \"{phrase}\"{times}: \"{matcher.Quote(match)}\"");
    }

    private static Judgement ModelEvaluation(RubricCriterion criterion, CallAnalysis? analysis)
    {
        string? verdict = null;
        var own = false;
        if (analysis?.StructuredData is { } data && !string.IsNullOrWhiteSpace(criterion.Name))
        {
            var name = criterion.Name.Trim();
            // Deterministic whatever the dictionary's order: the exact key first, else the ordinal-first key equal ignoring case.
            if (data.TryGetValue(name, out var exact)) verdict = exact;
            else
            {
                string? bestKey = null;
                foreach (var (key, value) in data)
                {
                    if (key is null || !key.Trim().Equals(name, StringComparison.OrdinalIgnoreCase)) continue;
                    if (bestKey is null || string.CompareOrdinal(key, bestKey) < 0) (bestKey, verdict) = (key, value);
                }
            }
            own = !string.IsNullOrWhiteSpace(verdict);
        }
        if (!own) verdict = analysis?.SuccessEvaluation;
        if (string.IsNullOrWhiteSpace(verdict)) return Unscored(NoModelEvaluation);

        var shown = Shorten(verdict.Trim(), 40);
        if (!SuccessEvaluation.TryReadScore(verdict, out var score))
            return Unscored($"The model evaluation \"{shown}\" could not be read as a score.");
        var of = own ? "The model's evaluation of this criterion" : "The model's evaluation of the call";
        return new(true, score >= SuccessEvaluation.PassMark, score, Inv($"{of} was \"{shown}\": {score}/100."));
    }

    private static (List<string> Phrases, List<string> Needles) Needles(RubricCriterion criterion)
    {
        var phrases = new List<string>();
        var needles = new List<string>();
        foreach (var phrase in criterion.Phrases ?? [])
        {
            if (PhraseMatcher.Needle(phrase) is not { } needle || needles.Contains(needle)) continue;
            phrases.Add(phrase.Trim());
            needles.Add(needle);
        }
        return (phrases, needles);
    }

    private static (string Label, string Format, string Unit) Describe(KpiMetric metric) => metric switch
    {
        KpiMetric.TalkRatio => ("Your share of the talking", "0.0", "%"),
        KpiMetric.FillerWordsPerMinute => ("Filler words per minute", "0.##", ""),
        KpiMetric.WordsPerMinute => ("Your pace", "0.#", " words per minute"),
        KpiMetric.LongestMonologueSeconds => ("Your longest monologue", "0.#", " s"),
        KpiMetric.QuestionsAsked => ("Questions asked", "0", ""),
        KpiMetric.SwitchesPerMinute => ("Speaker switches per minute", "0.##", ""),
        KpiMetric.PatienceSeconds => ("Your average pause before answering", "0.##", " s"),
        _ => (metric.ToString(), "0.##", ""),
    };

    private static string Summarise(int total, long weightSum, List<CriterionScore> criteria)
    {
        if (criteria.Count == 0) return "The rubric has no criteria, so the score is 0.";
        var scored = criteria.Count(c => c.Scored);
        if (scored == 0) return "No criterion could be scored, so the score is 0.";
        if (weightSum == 0) return "The scored criteria all weigh 0, so the score is 0.";

        var sb = new StringBuilder();
        sb.Append(Invariant, $"Score {total}/100 from {scored} of {criteria.Count} criteria.");
        var met = criteria.Where(c => c.Scored && c.Met).Select(c => NameOf(c, criteria)).ToList();
        var missed = criteria.Where(c => c.Scored && !c.Met).Select(c => string.Create(Invariant, $"{NameOf(c, criteria)} ({c.Score}/100)")).ToList();
        var unscored = criteria.Where(c => !c.Scored).Select(c => NameOf(c, criteria)).ToList();
        if (met.Count > 0) sb.Append(" Met: ").Append(string.Join(", ", met)).Append('.');
        if (missed.Count > 0) sb.Append(" Not met: ").Append(string.Join(", ", missed)).Append('.');
        if (unscored.Count > 0) sb.Append(" Not scored: ").Append(string.Join(", ", unscored)).Append('.');
        return sb.ToString();
    }

    private static string NameOf(CriterionScore c, List<CriterionScore> all) =>
        string.IsNullOrWhiteSpace(c.Name) ? string.Create(Invariant, $"criterion {all.IndexOf(c) + 1}") : c.Name.Trim();

    private static string List(List<string> phrases)
    {
        const int shown = 5;
        var quoted = string.Join(", ", phrases.Take(shown).Select(p => $"\"{p}\""));
        return phrases.Count > shown ? string.Create(Invariant, $"{quoted} and {phrases.Count - shown} more") : quoted;
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "\u2026";

    private static string Inv(FormattableString text) => text.ToString(Invariant);

    private static string Number(double value) => value.ToString("0.##", Invariant);

    private static double? Finite(double? value) => value is double v && double.IsFinite(v) ? v : null;
}
