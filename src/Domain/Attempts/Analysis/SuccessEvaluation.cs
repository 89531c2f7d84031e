using System.Globalization;

namespace VoiceTraining.Domain.Attempts.Analysis;

/// <summary>
/// Reads a model's success evaluation, in whatever form the provider sends it, as a 0–100 score.
/// Case and surrounding spaces, quotes and a final full stop are ignored.
/// <list type="bullet">
/// <item>Booleans and pass/fail: true, yes, pass, passed, success, successful, met → 100;
/// false, no, fail, failed, failure, unsuccessful, not met → 0.</item>
/// <item>A bare number: 0–10 is a 0–10 scale (×10: "8" → 80, "10" → 100); above 10 up to 100 is a percentage ("85" → 85).</item>
/// <item>"85%" → 85; "7/10", "7 / 10" or "7 out of 10" → 70 (any positive denominator, numerator from 0 to it).</item>
/// <item>Letter grades: A+ 100, A 95, A− 90, B+ 88, B 85, B− 80, C+ 78, C 75, C− 70, D+ 68, D 65, D− 60, F 0.</item>
/// <item>Descriptive scale: excellent 100, good 75, fair 50, poor 25. Likert: strongly agree 100, agree 75, neutral 50,
/// disagree 25, strongly disagree 0.</item>
/// </list>
/// Anything else (negative numbers, numbers above 100, other words) is not read; the criterion then goes unscored.
/// Numbers use the invariant format ("8.5", never "8,5"). Results are rounded half away from zero.
/// </summary>
public static class SuccessEvaluation
{
    /// <summary>A model-evaluated criterion is met at this score or above.</summary>
    public const int PassMark = 70;

    private static readonly Dictionary<string, int> Words = new (string Word, int Score)[]
    {
        ("true", 100), ("yes", 100), ("pass", 100), ("passed", 100), ("success", 100), ("successful", 100), ("met", 100),
        ("false", 0), ("no", 0), ("fail", 0), ("failed", 0), ("failure", 0), ("unsuccessful", 0), ("not met", 0),
        ("a+", 100), ("a", 95), ("a-", 90), ("b+", 88), ("b", 85), ("b-", 80), ("c+", 78), ("c", 75), ("c-", 70),
        ("d+", 68), ("d", 65), ("d-", 60), ("f", 0),
        ("excellent", 100), ("good", 75), ("fair", 50), ("poor", 25),
        ("strongly agree", 100), ("agree", 75), ("neutral", 50), ("disagree", 25), ("strongly disagree", 0),
    }.ToDictionary(w => w.Word, w => w.Score, StringComparer.Ordinal);

    /// <summary>Reads <paramref name="value"/> as a 0–100 score; false when it is empty or not recognised.</summary>
    public static bool TryReadScore(string? value, out int score)
    {
        score = 0;
        if (string.IsNullOrWhiteSpace(value)) return false;
        var text = value.Trim().Trim('"', '\'').Trim().TrimEnd('.').Trim().Replace('\u2212', '-').Replace('\u2013', '-').ToLowerInvariant();
        text = string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        if (text.Length == 0) return false;

        if (Words.TryGetValue(text, out var known))
        {
            score = known;
            return true;
        }

        double result;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var outOf = text.IndexOf(" out of ", StringComparison.Ordinal);
        if (slash > 0 || outOf > 0)
        {
            var split = slash > 0 ? slash : outOf;
            var rest = slash > 0 ? text[(slash + 1)..] : text[(outOf + " out of ".Length)..];
            if (!Number(text[..split], out var numerator) || !Number(rest, out var denominator)
                || denominator <= 0 || numerator < 0 || numerator > denominator)
                return false;
            result = 100 * numerator / denominator;
        }
        else if (text.EndsWith('%'))
        {
            if (!Number(text[..^1], out result) || result < 0 || result > 100) return false;
        }
        else
        {
            if (!Number(text, out var number) || number < 0 || number > 100) return false;
            result = number <= 10 ? number * 10 : number;
        }
        score = (int)Math.Round(result, MidpointRounding.AwayFromZero);
        return true;
    }

    private static bool Number(string text, out double value) =>
        double.TryParse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value)
        && double.IsFinite(value);
}
