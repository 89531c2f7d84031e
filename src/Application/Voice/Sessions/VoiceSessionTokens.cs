using System.Security.Cryptography;
using VoiceTraining.Application.Voice.Turns;

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

    /// <summary>A new token and the hash to store: the form the audio channel checks it against (<see cref="SessionTokens"/>).</summary>
    public static (string Token, string Hash) Issue()
    {
        var token = Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        return (token, SessionTokens.Hash(token));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
