using System.Security.Cryptography;
using System.Text;

namespace VoiceTraining.Infrastructure.Security;

/// <summary>
/// The HMAC-SHA256 every webhook scheme here signs with (a text prefix such as "{timestamp}." and
/// then the raw body), and the constant-time comparison their verifiers use.
/// </summary>
public static class Hmac
{
    /// <summary>HMAC-SHA256 of the UTF-8 of <paramref name="prefix"/> followed by <paramref name="body"/>.</summary>
    public static byte[] Sha256(ReadOnlySpan<byte> key, string prefix, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(Encoding.UTF8.GetBytes(prefix));
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }

    /// <summary>As <see cref="Sha256(ReadOnlySpan{byte}, string, ReadOnlySpan{byte})"/>, keyed with the UTF-8 of a secret string, in lower-case hex.</summary>
    public static string Sha256Hex(string key, string prefix, ReadOnlySpan<byte> body) =>
        Convert.ToHexStringLower(Sha256(Encoding.UTF8.GetBytes(key), prefix, body));

    /// <summary>
    /// Equal text, compared in time that depends on neither the content nor the lengths (both sides
    /// are hashed first), so a caller learns nothing from how long a wrong guess took.
    /// </summary>
    public static bool FixedTimeEquals(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
