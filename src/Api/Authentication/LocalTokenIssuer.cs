using Microsoft.IdentityModel.Tokens;

namespace VoiceTraining.Api.Authentication;

/// <summary>
/// Local mode's token issuer: a key made at start-up (so tokens do not outlive the process) that
/// signs tokens for seeded members through POST /api/dev/token. Its scheme exists only in local mode.
/// </summary>
public sealed class LocalTokenIssuer
{
    public const string Issuer = "urn:voicetraining:local";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    public SymmetricSecurityKey Key { get; } =
        new(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)) { KeyId = "local-" + Guid.NewGuid().ToString("N")[..8] };
}
