using Npgsql;
using VoiceTraining.Application.Common.Interfaces;

namespace VoiceTraining.Infrastructure.Security;

/// <summary>
/// Checks a presented API key against the stored hashes (one indexed lookup, no EF) and notes when
/// it was last used, at most once a minute per key so busy integrations do not write on every call.
/// </summary>
internal sealed class ApiKeyAuthenticator(NpgsqlDataSource dataSource, IApiKeyGenerator keys, TimeProvider clock) : IApiKeyAuthenticator
{
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public async Task<ApiKeyIdentity?> AuthenticateAsync(string key, CancellationToken cancellationToken)
    {
        if (key.Length > 200) return null;
        var now = clock.GetUtcNow();
        await using var command = dataSource.CreateCommand("""
            SELECT id, org_id, created_by_id, scopes, last_used_at FROM api_keys
            WHERE key_hash = @hash AND revoked_at IS NULL
            """);
        command.Parameters.AddWithValue("hash", keys.Hash(key));
        ApiKeyIdentity identity;
        DateTimeOffset? lastUsed;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken)) return null;
            identity = new ApiKeyIdentity(reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetFieldValue<string[]>(3));
            lastUsed = reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4);
        }
        if (lastUsed is null || now - lastUsed > LastUsedResolution)
        {
            await using var touch = dataSource.CreateCommand("UPDATE api_keys SET last_used_at = @now WHERE id = @id");
            touch.Parameters.AddWithValue("now", now);
            touch.Parameters.AddWithValue("id", identity.KeyId);
            await touch.ExecuteNonQueryAsync(cancellationToken);
        }
        return identity;
    }
}
