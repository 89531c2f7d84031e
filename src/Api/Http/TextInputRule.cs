using System.Globalization;

namespace VoiceTraining.Api.Http;

/// <summary>
/// The one rule for text that comes in (JSON strings, query, route and form values): C0 control
/// characters other than tab, line feed and carriage return, and unpaired UTF-16 surrogates, are
/// refused. PostgreSQL cannot store U+0000 in text at all, and the others have no place in names,
/// prompts or comments; refusing them at the edge keeps every field to the same rule.
/// </summary>
internal static class TextInputRule
{
    /// <summary>Why the text is refused, or null when it may be used.</summary>
    public static string? WhyRefused(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < '\u0020' && c is not ('\t' or '\n' or '\r'))
                return $"The text contains the control character U+{(int)c:X4} at position {i.ToString(CultureInfo.InvariantCulture)}; only tab, line feed and carriage return are allowed.";
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(c))
                return $"The text contains an unpaired surrogate (U+{(int)c:X4}) at position {i.ToString(CultureInfo.InvariantCulture)}.";
        }
        return null;
    }
}
