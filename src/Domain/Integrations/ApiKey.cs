using VoiceTraining.Domain.Common;

namespace VoiceTraining.Domain.Integrations;

/// <summary>What an API key may do: read (GET) or also write (POST/PUT/PATCH/DELETE).</summary>
public static class ApiKeyScopes
{
    public const string Read = "read";
    public const string Write = "write";
    public static readonly IReadOnlyList<string> All = [Read, Write];
}

/// <summary>
/// A key an integration (a CRM, Zapier) uses to call the API for one organization. Only a hash of
/// the key is stored; the key itself is shown once, at creation.
/// </summary>
public sealed class ApiKey : TenantEntity
{
    public string Name { get; private set; } = "";
    /// <summary>The key's public first characters ("vtk_ab12cd34"), shown in lists to tell keys apart.</summary>
    public string Prefix { get; private set; } = "";
    /// <summary>SHA-256 of the whole key (hex). Keys are long random strings, so a fast hash is enough.</summary>
    public string KeyHash { get; private set; } = "";
    public List<string> Scopes { get; private set; } = [];
    public Guid CreatedById { get; private set; }
    public DateTimeOffset? LastUsedAt { get; private set; }
    public DateTimeOffset? RevokedAt { get; private set; }

    private ApiKey() { }

    public ApiKey(Guid orgId, string name, string prefix, string keyHash, IEnumerable<string> scopes, Guid createdById, DateTimeOffset now)
        : base(orgId, now)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new DomainException("An API key needs a name.");
        var list = scopes.Distinct(StringComparer.Ordinal).ToList();
        if (list.Count == 0) throw new DomainException("Choose at least one scope.");
        var unknown = list.FirstOrDefault(s => !ApiKeyScopes.All.Contains(s));
        if (unknown is not null) throw new DomainException($"'{unknown}' is not a scope.");
        // Writing includes reading.
        if (list.Contains(ApiKeyScopes.Write) && !list.Contains(ApiKeyScopes.Read)) list.Insert(0, ApiKeyScopes.Read);
        Name = name.Trim();
        Prefix = prefix;
        KeyHash = keyHash;
        Scopes = list;
        CreatedById = createdById;
    }

    public bool IsRevoked => RevokedAt is not null;

    public bool Allows(string scope) => !IsRevoked && Scopes.Contains(scope, StringComparer.Ordinal);

    public void Revoke(DateTimeOffset now)
    {
        if (IsRevoked) return;
        RevokedAt = now;
        Touch(now);
    }
}
