namespace VoiceTraining.Api.Authentication;

/// <summary>
/// Local mode: Development with no identity provider configured. Sign-in then goes through
/// POST /api/dev/token for seeded members; everywhere else that endpoint does not exist.
/// </summary>
public sealed class LocalMode(bool enabled)
{
    public bool Enabled { get; } = enabled;
}
