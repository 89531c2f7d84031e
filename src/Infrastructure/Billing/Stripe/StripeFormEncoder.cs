using System.Collections;
using System.Globalization;
using System.Text;

namespace VoiceTraining.Infrastructure.Billing.Stripe;

/// <summary>
/// Stripe's request encoding: application/x-www-form-urlencoded with bracket keys.
/// <list type="bullet">
/// <item>objects nest: <c>metadata[org_id]=42</c>, <c>subscription_data[metadata][org_id]=42</c>;</item>
/// <item>arrays of objects are indexed: <c>line_items[0][price]=price_1&amp;line_items[0][quantity]=2</c>;</item>
/// <item>arrays of plain values use empty brackets, as Stripe's reference does: <c>expand[]=customer&amp;expand[]=items</c>;</item>
/// <item>booleans are <c>true</c>/<c>false</c>, numbers invariant, times Unix seconds;</item>
/// <item>null values and empty objects or arrays are left out; an empty string is sent (<c>key=</c>, Stripe's way to clear a field).</item>
/// </list>
/// The order is deterministic: keys in ordinal order at every level, array items in their order.
/// Keys and values are percent-encoded (RFC 3986); the structural brackets are sent as they are.
/// </summary>
public static class StripeFormEncoder
{
    public static string Encode(IEnumerable<KeyValuePair<string, object?>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var pairs = new List<(string Key, string Value)>();
        foreach (var (key, value) in Sorted(Entries(parameters, "the parameters")))
            Append(pairs, Escape(key), value);
        var builder = new StringBuilder();
        foreach (var (key, value) in pairs)
        {
            if (builder.Length > 0) builder.Append('&');
            builder.Append(key).Append('=').Append(value);
        }
        return builder.ToString();
    }

    /// <summary>The encoded pairs, for tests and logs.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Decode(string encoded) =>
        encoded.Length == 0
            ? []
            : encoded.Split('&').Select(pair =>
            {
                var i = pair.IndexOf('=', StringComparison.Ordinal);
                return i < 0
                    ? new KeyValuePair<string, string>(Uri.UnescapeDataString(pair), "")
                    : new KeyValuePair<string, string>(Uri.UnescapeDataString(pair[..i]), Uri.UnescapeDataString(pair[(i + 1)..]));
            }).ToList();

    private static void Append(List<(string, string)> pairs, string key, object? value)
    {
        switch (value)
        {
            case null:
                return;
            case var scalar when IsScalar(scalar):
                pairs.Add((key, Escape(Scalar(key, value))));
                return;
            case IDictionary or IEnumerable<KeyValuePair<string, object?>> or IEnumerable<KeyValuePair<string, string>>:
                foreach (var (name, child) in Sorted(Entries(value, key)))
                    Append(pairs, $"{key}[{Escape(name)}]", child);
                return;
            case IEnumerable items:
                var list = items.Cast<object?>().ToList();
                if (list.Any(i => i is null)) throw new ArgumentException($"The array {Unescape(key)} holds a null item.");
                if (list.All(IsScalar))
                    foreach (var item in list) pairs.Add(($"{key}[]", Escape(Scalar(key, item!))));
                else
                    for (var i = 0; i < list.Count; i++) Append(pairs, $"{key}[{i.ToString(CultureInfo.InvariantCulture)}]", list[i]);
                return;
            default:
                throw new ArgumentException($"{Unescape(key)}: a {value.GetType().Name} cannot be form-encoded (use a string, number, boolean, time, dictionary or array).");
        }
    }

    private static bool IsScalar(object? value) => value is string or bool or char or Guid or DateTimeOffset or DateTime
        or sbyte or byte or short or ushort or int or uint or long or ulong or decimal or float or double;

    private static string Scalar(string key, object value) => value switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        DateTimeOffset t => t.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        DateTime t => new DateTimeOffset(t.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : t).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        double d when !double.IsFinite(d) => throw new ArgumentException($"{Unescape(key)} is not a finite number."),
        float f when !float.IsFinite(f) => throw new ArgumentException($"{Unescape(key)} is not a finite number."),
        // Through decimal so that no exponent (1E-05) reaches Stripe.
        double d => ((decimal)d).ToString(CultureInfo.InvariantCulture),
        float f => ((decimal)f).ToString(CultureInfo.InvariantCulture),
        Guid g => g.ToString("D"),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static IEnumerable<KeyValuePair<string, object?>> Entries(object value, string where)
    {
        IEnumerable<KeyValuePair<string, object?>> entries = value switch
        {
            IEnumerable<KeyValuePair<string, object?>> e => e,
            IEnumerable<KeyValuePair<string, string>> e => e.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value)),
            IDictionary d => d.Cast<DictionaryEntry>().Select(e => new KeyValuePair<string, object?>(
                e.Key as string ?? throw new ArgumentException($"{Unescape(where)} has a key that is not a string."), e.Value)),
            _ => throw new ArgumentException($"{Unescape(where)} is not an object."),
        };
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (string.IsNullOrEmpty(entry.Key)) throw new ArgumentException($"{Unescape(where)} has an empty key.");
            if (!seen.Add(entry.Key)) throw new ArgumentException($"{Unescape(where)} has the key \"{entry.Key}\" twice.");
            yield return entry;
        }
    }

    private static IEnumerable<KeyValuePair<string, object?>> Sorted(IEnumerable<KeyValuePair<string, object?>> entries) =>
        entries.OrderBy(e => e.Key, StringComparer.Ordinal);

    private static string Escape(string text) => Uri.EscapeDataString(text);

    private static string Unescape(string key) => Uri.UnescapeDataString(key);
}
