using System.Globalization;
using VoiceTraining.Domain.Attempts;

namespace VoiceTraining.UnitTests.Domain.Analysis;

/// <summary>Short-hand for transcript turns in tests: times in milliseconds from call start.</summary>
internal static class Turn
{
    public static TranscriptTurn User(string text, long startMs, long? endMs = null) =>
        new() { Role = "user", Text = text, TimestampMs = startMs, EndMs = endMs };

    public static TranscriptTurn Ai(string text, long startMs, long? endMs = null) =>
        new() { Role = "assistant", Text = text, TimestampMs = startMs, EndMs = endMs };
}

/// <summary>A culture that writes numbers like de-DE ("1.234,5"), available even with invariant globalization.</summary>
internal static class CommaCulture
{
    public static CultureInfo Create()
    {
        CultureInfo culture;
        try
        {
            culture = (CultureInfo)new CultureInfo("de-DE").Clone();
        }
        catch (CultureNotFoundException)
        {
            culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        }
        // With invariant globalization "de-DE" carries invariant data: give it German number formats.
        culture.NumberFormat.NumberDecimalSeparator = ",";
        culture.NumberFormat.NumberGroupSeparator = ".";
        culture.NumberFormat.PercentDecimalSeparator = ",";
        culture.NumberFormat.NegativeSign = "\u2212";
        return culture;
    }

    public static T Run<T>(Func<T> action)
    {
        var (current, ui) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = Create();
            1.5.ToString(CultureInfo.CurrentCulture).Should().Be("1,5", "the test needs a culture with a decimal comma");
            return action();
        }
        finally
        {
            CultureInfo.CurrentCulture = current;
            CultureInfo.CurrentUICulture = ui;
        }
    }
}
