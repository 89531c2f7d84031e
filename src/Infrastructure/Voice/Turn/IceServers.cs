using VoiceTraining.Application.Voice.Sessions;

namespace VoiceTraining.Infrastructure.Voice.Turn;

/// <summary>The configured STUN servers, and the TURN servers with credentials minted for the session (<see cref="TurnRestCredentials"/>).</summary>
internal sealed class IceServers(TurnSettings settings) : IIceServers
{
    public bool TurnConfigured => settings.TurnConfigured;

    public IReadOnlyList<IceServerDto> For(Guid sessionId, DateTimeOffset sessionTokenExpiresAt, DateTimeOffset now)
    {
        var servers = new List<IceServerDto>();
        if (settings.StunUrls.Count > 0) servers.Add(new IceServerDto { Urls = settings.StunUrls });
        if (settings.TurnConfigured)
        {
            var expiresAt = settings.CredentialTtlSeconds is { } ttl ? now.AddSeconds(ttl) : sessionTokenExpiresAt;
            var username = TurnRestCredentials.Username(expiresAt, sessionId.ToString());
            servers.Add(new IceServerDto
            {
                Urls = settings.TurnUrls,
                Username = username,
                Credential = TurnRestCredentials.Password(settings.SharedSecret!, username),
            });
        }
        return servers;
    }
}
