using System.Globalization;

namespace VoiceTraining.Application.Email.Templates;

/// <summary>How emails write dates and money: English, in UTC (a member's time zone is not known).</summary>
public static class EmailFormat
{
    private static readonly CultureInfo English = CultureInfo.InvariantCulture;

    /// <summary>Currencies Stripe counts in whole units (no cents).</summary>
    private static readonly HashSet<string> ZeroDecimal = new(StringComparer.OrdinalIgnoreCase)
    {
        "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf",
    };

    /// <summary>e.g. "Mon, 3 Nov 2025".</summary>
    public static string Date(DateTimeOffset at) => at.ToUniversalTime().ToString("ddd, d MMM yyyy", English);

    /// <summary>e.g. "Mon, 3 Nov 2025, 17:00 UTC".</summary>
    public static string DateTime(DateTimeOffset at) => at.ToUniversalTime().ToString("ddd, d MMM yyyy, HH:mm", English) + " UTC";

    /// <summary>An amount in the currency's smallest unit, e.g. (4900, "usd") → "$49.00", (500, "jpy") → "¥500".</summary>
    public static string Money(long amount, string currency)
    {
        var code = (currency ?? "").Trim().ToLowerInvariant();
        var zero = ZeroDecimal.Contains(code);
        var value = zero ? amount : amount / 100m;
        var number = value.ToString(zero ? "#,##0" : "#,##0.00", English);
        return code switch
        {
            "usd" => "$" + number,
            "eur" => "€" + number,
            "gbp" => "£" + number,
            "jpy" => "¥" + number,
            _ => $"{number} {code.ToUpperInvariant()}",
        };
    }

    /// <summary>e.g. 185 → "3 min 5 s".</summary>
    public static string Duration(int seconds) =>
        seconds < 60 ? $"{seconds} s" : seconds % 60 == 0 ? $"{seconds / 60} min" : $"{seconds / 60} min {seconds % 60} s";

    public static string Number(double value) => value.ToString("0.#", English);

    public static string Plural(int count, string one, string many) => $"{count} {(count == 1 ? one : many)}";
}
