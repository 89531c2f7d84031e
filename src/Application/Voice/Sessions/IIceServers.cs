namespace VoiceTraining.Application.Voice.Sessions;

/// <summary>
/// The STUN/TURN servers a session's browser may use for its WebRTC connection, from configuration
/// (TURN_SERVER_URL, TURN_SHARED_SECRET, STUN_SERVER_URL). TURN credentials are minted per session.
/// </summary>
public interface IIceServers
{
    /// <summary>False in local mode: no TURN server is configured, so only STUN (if any) is offered.</summary>
    bool TurnConfigured { get; }

    /// <summary>
    /// The servers for one session. TURN credentials are valid until their configured lifetime
    /// from <paramref name="now"/>, or, without one, until <paramref name="sessionTokenExpiresAt"/>.
    /// </summary>
    IReadOnlyList<IceServerDto> For(Guid sessionId, DateTimeOffset sessionTokenExpiresAt, DateTimeOffset now);
}
