using System.Security.Cryptography;
using System.Text;

namespace VoiceTraining.Application.Voice.Turns;

/// <summary>Session tokens are kept only as their SHA-256 (hex) on the session; a presented token is checked against it.</summary>
public static class SessionTokens
{
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>In constant time, whatever case the stored hex is in.</summary>
    public static bool Matches(string storedHash, string? presented)
    {
        if (string.IsNullOrEmpty(presented) || string.IsNullOrEmpty(storedHash)) return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(presented)), Encoding.ASCII.GetBytes(storedHash.ToLowerInvariant()));
    }
}
