using System.Text.RegularExpressions;

namespace VoiceTraining.Domain.Attempts;

/// <summary>Replaces a person's names in free text (whole words, any case) when their account is deleted.</summary>
public static class PersonalDataRedactor
{
    public const string Placeholder = "[name removed]";

    /// <summary>
    /// The full name and each part of it of two letters or more; longer forms first so "Jamie Lee"
    /// becomes one placeholder, not two.
    /// </summary>
    public static IReadOnlyList<string> NameForms(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return [];
        var full = Regex.Replace(name.Trim(), @"\s+", " ");
        var parts = full.Split(' ').Where(p => p.Trim('.', ',', '\'').Length >= 2).Select(p => p.Trim('.', ','));
        return new[] { full }.Concat(parts).Distinct(StringComparer.OrdinalIgnoreCase).OrderByDescending(n => n.Length).ToArray();
    }

    public static string Redact(string text, IReadOnlyCollection<string> names)
    {
        if (string.IsNullOrEmpty(text) || names.Count == 0) return text;
        var alternatives = string.Join("|", names.Where(n => !string.IsNullOrWhiteSpace(n)).OrderByDescending(n => n.Length).Select(Regex.Escape));
        if (alternatives.Length == 0) return text;
        // Word boundaries that also hold next to apostrophes and hyphens ("Jamie's", "Jean-Luc").
        return Regex.Replace(text, $@"(?<![\p{{L}}\p{{N}}])(?:{alternatives})(?![\p{{L}}\p{{N}}])", Placeholder,
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
