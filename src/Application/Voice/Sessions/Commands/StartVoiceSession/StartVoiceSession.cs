using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Billing;
using VoiceTraining.Application.Calls;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Flags;
using VoiceTraining.Domain.Voice;

namespace VoiceTraining.Application.Voice.Sessions.Commands.StartVoiceSession;

/// <summary>
/// Starts a platform voice session of a published scenario for the caller: its attempt (as a Vapi
/// call's), its price and limits from the organization's voice settings, a session token for the
/// audio channel and the ICE servers. A session of the caller's still running ends first (<c>replaced</c>):
/// one runs at a time per member.
/// </summary>
public sealed record StartVoiceSessionCommand : ICommand<VoiceSessionStartedDto>
{
    public Guid ScenarioId { get; init; }
    /// <summary>How long the caller means to practise, 1 to the organization's longest session; prices the estimate.</summary>
    public int ExpectedDurationMinutes { get; init; }
}

internal sealed class StartVoiceSessionCommandHandler(
    IApplicationDbContext db, ICurrentUser user, IFeatureFlags flags, Entitlements entitlements, PracticeAttempts attempts, VoiceSettingsLookup voiceSettings,
    VoiceSessionEnding ending, IRowLocks locks, IIceServers iceServers, Providers.IVoiceProviderRouter router, TimeProvider clock)
    : IRequestHandler<StartVoiceSessionCommand, VoiceSessionStartedDto>
{
    private const string LocalModeNote =
        "Local mode: no TURN server is configured (TURN_SERVER_URL), so the browser is offered STUN only, if any. "
        + "The session, its cost and its limits are real; the streamed audio channel comes with the direct voice pipeline, a later release.";

    public async Task<VoiceSessionStartedDto> Handle(StartVoiceSessionCommand request, CancellationToken cancellationToken)
    {
        var me = user.RequireMemberId();
        var orgId = user.RequireOrgId();
        await flags.EnsureEnabledAsync(orgId, me, FlagKeys.VoiceAiEnabled, cancellationToken);
        await entitlements.EnsureVoiceMinutesLeftAsync(orgId, cancellationToken);
        var scenario = await attempts.PublishedScenarioAsync(request.ScenarioId, cancellationToken);
        var settings = await voiceSettings.ForOrganizationAsync(orgId, cancellationToken);
        var now = clock.GetUtcNow();

        // Two starts of one member at once must not both find nothing running: starts queue on the organization's row.
        await locks.LockOrganizationAsync(orgId, cancellationToken);
        var running = await db.VoiceSessions.AsNoTracking()
            .Where(s => s.MemberId == me && s.Status == VoiceSessionStatus.Active)
            .Select(s => new { s.Id, s.AttemptId }).ToListAsync(cancellationToken);
        foreach (var old in running)
        {
            if (await ending.LockAsync(old.Id, old.AttemptId, cancellationToken) is { } session)
                await ending.EndAsync(session, VoiceSessionEndReasons.Replaced, now, cancellationToken);
        }

        var attempt = await attempts.StartAsync(orgId, me, scenario.Id, now, cancellationToken);
        attempt.Started(providerCallId: null, now, now);
        var (token, hash) = VoiceSessionTokens.Issue();
        var tokenExpiresAt = now + TimeSpan.FromMinutes(settings.MaxSessionMinutes) + VoiceSessionTokens.Margin;
        // The providers healthy now (the fallback where a primary is down); a running session switches at its next turn.
        var choice = await router.ChooseForNewSessionAsync(cancellationToken);
        var providers = new VoiceSessionProvidersDto { SpeechToText = choice.SpeechToText, TextToSpeech = choice.TextToSpeech, Llm = choice.Llm };
        var voiceSession = new VoiceSession(orgId, me, scenario.Id, attempt.Id, VoiceSessionDefaults.Provider, request.ExpectedDurationMinutes,
            settings, hash, tokenExpiresAt, providers.SpeechToText, providers.TextToSpeech, providers.Llm, now);
        db.VoiceSessions.Add(voiceSession);
        await db.SaveChangesAsync(cancellationToken);

        return new VoiceSessionStartedDto
        {
            SessionId = voiceSession.Id,
            AttemptId = attempt.Id,
            SessionToken = token,
            TokenExpiresAt = tokenExpiresAt,
            ExpectedDurationMinutes = voiceSession.ExpectedDurationMinutes,
            CostEstimate = voiceSession.CostEstimate,
            PricePerMinute = voiceSession.PricePerMinute,
            CircuitBreakerThreshold = voiceSession.CircuitBreakerThreshold,
            MaxSessionMinutes = voiceSession.MaxSessionMinutes,
            MaxDurationSeconds = settings.MaxDurationSeconds,
            IceServers = iceServers.For(voiceSession.Id, tokenExpiresAt, now),
            LocalMode = !iceServers.TurnConfigured,
            Note = iceServers.TurnConfigured ? null : LocalModeNote,
            Providers = providers,
        };
    }
}
