using System.Security.Cryptography;
using System.Text;

namespace VoiceTraining.Application.Voice.Sessions;

/// <summary>
/// The session token the browser presents on the audio channel: random, handed out once by
/// start-session, and kept only as its SHA-256 (voice_sessions.token_hash), so the table does not
/// hold a credential.
/// </summary>
public static class VoiceSessionTokens
{
    public const string Prefix = "vst_";

    /// <summary>How long a token outlives the longest session it can belong to (clock skew, a slow hang-up).</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromMinutes(5);

    /// <summary>A new token and the hash to store.</summary>
    public static (string Token, string Hash) Issue()
    {
        var token = Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        return (token, Hash(token));
    }

    /// <summary>The stored form of a token: lowercase hex SHA-256 of its UTF-8 bytes (64 characters).</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Whether <paramref name="presented"/> is the token of <paramref name="storedHash"/>: in constant time, whatever case the stored hex is in.</summary>
    public static bool Matches(string storedHash, string? presented)
    {
        if (string.IsNullOrEmpty(presented) || string.IsNullOrEmpty(storedHash)) return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(presented)), Encoding.ASCII.GetBytes(storedHash.ToLowerInvariant()));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
