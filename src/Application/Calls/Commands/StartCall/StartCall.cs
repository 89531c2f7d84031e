using MediatR;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Voice.Sessions;

namespace VoiceTraining.Application.Calls.Commands.StartCall;

/// <summary>
/// Starts a practice call: creates an in-progress attempt (linked to the caller's open assignment
/// for the scenario, if any) and returns the assistant configuration for it.
/// </summary>
public sealed record StartCallCommand(Guid ScenarioId) : ICommand<CallConfigDto>;

internal sealed class StartCallCommandHandler(
    IApplicationDbContext db, ICurrentUser user, IVoiceSettings voice, VoiceSettingsLookup voiceSettings, PracticeAttempts attempts,
    Billing.Entitlements entitlements, TimeProvider clock)
    : IRequestHandler<StartCallCommand, CallConfigDto>
{
    public async Task<CallConfigDto> Handle(StartCallCommand request, CancellationToken cancellationToken)
    {
        var me = user.RequireMemberId();
        var orgId = user.RequireOrgId();
        await entitlements.EnsureVoiceMinutesLeftAsync(orgId, cancellationToken);
        var scenario = await attempts.PublishedScenarioAsync(request.ScenarioId, cancellationToken);
        var limits = await voiceSettings.ForOrganizationAsync(orgId, cancellationToken);

        var attempt = await attempts.StartAsync(orgId, me, scenario.Id, clock.GetUtcNow(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);

        return new CallConfigDto
        {
            AttemptId = attempt.Id,
            Name = scenario.Title,
            Model = new AssistantModelDto
            {
                Provider = voice.ModelProvider,
                Model = voice.Model,
                SystemPrompt = scenario.AiPrompt,
                Temperature = voice.Temperature,
            },
            Voice = new AssistantVoiceDto { Provider = scenario.Persona!.VoiceProvider, VoiceId = scenario.Persona.VoiceId },
            Transcriber = new AssistantTranscriberDto(),
            // The voice provider hangs up at the length the organization's circuit breaker and longest session allow.
            MaxDurationSeconds = limits.MaxDurationSeconds,
            Metadata = new CallMetadataDto { ScenarioId = scenario.Id, AttemptId = attempt.Id },
            Server = voice.ServerUrl is null ? null : new AssistantServerDto { Url = voice.ServerUrl, CredentialId = voice.ServerCredentialId },
        };
    }
}
