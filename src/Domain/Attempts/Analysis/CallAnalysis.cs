namespace VoiceTraining.Domain.Attempts.Analysis;

/// <summary>
/// What the voice provider's own model said about a call (Vapi's end-of-call analysis), when one is configured.
/// </summary>
public sealed record CallAnalysis
{
    /// <summary>The model's summary of the call.</summary>
    public string? Summary { get; init; }

    /// <summary>
    /// The model's verdict as the provider sends it: "true"/"false", a number on 0–10 ("8") or 0–100 ("85"),
    /// "85%", "7/10", "Pass"/"Fail", a letter grade ("B+"), a descriptive or Likert word. See <see cref="SuccessEvaluation"/>.
    /// </summary>
    public string? SuccessEvaluation { get; init; }

    /// <summary>
    /// The model's structured output, flattened to text (JSON booleans as "true"/"false", numbers in invariant
    /// form). A key equal to a model-evaluated criterion's name (ignoring case and surrounding spaces) is that
    /// criterion's own verdict and wins over <see cref="SuccessEvaluation"/>.
    /// </summary>
    public IReadOnlyDictionary<string, string>? StructuredData { get; init; }
}
