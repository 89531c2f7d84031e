using VoiceTraining.Domain.Integrations;

namespace VoiceTraining.Application.ApiKeys;

/// <summary>An API key as listed (never the key itself).</summary>
public sealed record ApiKeyDto
{
    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    /// <summary>The key's first characters, e.g. "vtk_1a2b3c4d".</summary>
    public string Prefix { get; init; } = "";
    public IReadOnlyList<string> Scopes { get; init; } = [];
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? LastUsedAt { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }
}

/// <summary>A new key: shown this once.</summary>
public sealed record ApiKeyCreatedDto
{
    public required ApiKeyDto ApiKey { get; init; }
    /// <summary>Send as "Authorization: Bearer &lt;key&gt;" or "X-Api-Key: &lt;key&gt;". It cannot be shown again.</summary>
    public required string Key { get; init; }
}

internal static class ApiKeyMapping
{
    public static ApiKeyDto ToDto(ApiKey k) => new()
    {
        Id = k.Id, Name = k.Name, Prefix = k.Prefix, Scopes = k.Scopes, CreatedAt = k.CreatedAt, LastUsedAt = k.LastUsedAt, RevokedAt = k.RevokedAt,
    };
}
