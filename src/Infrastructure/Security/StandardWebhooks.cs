namespace VoiceTraining.Infrastructure.Security;

/// <summary>
/// The Standard Webhooks signature scheme (also Svix's, used by Clerk): HMAC-SHA256 over
/// "{id}.{timestamp}.{body}" with the base64-decoded part of a "whsec_…" secret, sent as
/// "v1,&lt;base64&gt;"; several signatures are separated by spaces.
/// </summary>
public static class StandardWebhooks
{
    public const string SecretPrefix = "whsec_";

    public static byte[] KeyFromSecret(string secret) =>
        Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);

    public static string Sign(byte[] key, string id, long timestamp, ReadOnlySpan<byte> body) =>
        "v1," + Convert.ToBase64String(Hmac.Sha256(key, $"{id}.{timestamp}.", body));

    public static string Sign(string secret, string id, long timestamp, ReadOnlySpan<byte> body) => Sign(KeyFromSecret(secret), id, timestamp, body);

    /// <summary>
    /// Checks a received webhook: the timestamp within <paramref name="tolerance"/> of now (either side)
    /// and any one of the header's v1 signatures matching (constant-time). Returns null when valid,
    /// else the reason.
    /// </summary>
    public static string? Verify(string secret, string? id, string? timestamp, string? signatureHeader, ReadOnlySpan<byte> body,
        DateTimeOffset now, TimeSpan tolerance)
    {
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signatureHeader))
            return "Missing webhook id, timestamp or signature header.";
        if (!long.TryParse(timestamp, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
            return "The webhook timestamp is not a number.";
        // Beyond DateTimeOffset's range is certainly not "within the tolerance".
        if (seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds()) return "The webhook timestamp is in the future.";
        var sentAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (sentAt < now - tolerance) return "The webhook timestamp is too old.";
        if (sentAt > now + tolerance) return "The webhook timestamp is in the future.";

        byte[] key;
        try { key = KeyFromSecret(secret); }
        catch (FormatException) { return "The signing secret is not valid base64."; }

        var expected = Sign(key, id, seconds, body)[3..];
        foreach (var part in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var comma = part.IndexOf(',');
            if (comma < 0 || part[..comma] != "v1") continue;
            if (Hmac.FixedTimeEquals(part[(comma + 1)..], expected)) return null;
        }
        return "No signature matches.";
    }
}
