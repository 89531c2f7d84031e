using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Domain.Assignments;
using VoiceTraining.Domain.Attempts;
using VoiceTraining.Domain.Scenarios;

namespace VoiceTraining.Application.Calls.Commands.StartCall;

/// <summary>
/// Starts a practice call: creates an in-progress attempt (linked to the caller's open assignment
/// for the scenario, if any) and returns the assistant configuration for it.
/// </summary>
public sealed record StartCallCommand(Guid ScenarioId) : ICommand<CallConfigDto>;

internal sealed class StartCallCommandHandler(IApplicationDbContext db, ICurrentUser user, IVoiceSettings voice, Billing.Entitlements entitlements, TimeProvider clock)
    : IRequestHandler<StartCallCommand, CallConfigDto>
{
    public async Task<CallConfigDto> Handle(StartCallCommand request, CancellationToken cancellationToken)
    {
        var me = user.RequireMemberId();
        await entitlements.EnsureVoiceMinutesLeftAsync(user.RequireOrgId(), cancellationToken);
        var scenario = await db.Scenarios.Include(s => s.Persona)
                           .SingleOrDefaultAsync(s => s.Id == request.ScenarioId && s.Status == ScenarioStatus.Published, cancellationToken)
                       ?? throw new NotFoundException("Scenario", request.ScenarioId);

        var assignmentId = await OpenAssignmentAsync(me, scenario.Id, cancellationToken);
        var attempt = new Attempt(user.RequireOrgId(), me, scenario.Id, assignmentId, clock.GetUtcNow());
        db.Attempts.Add(attempt);
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
            Metadata = new CallMetadataDto { ScenarioId = scenario.Id, AttemptId = attempt.Id },
            Server = voice.ServerUrl is null ? null : new AssistantServerDto { Url = voice.ServerUrl, CredentialId = voice.ServerCredentialId },
        };
    }

    /// <summary>The member's open assignment of this scenario, else of a track that contains it.</summary>
    private async Task<Guid?> OpenAssignmentAsync(Guid memberId, Guid scenarioId, CancellationToken cancellationToken)
    {
        var open = db.Assignments.Where(a => a.MemberId == memberId && a.Status != AssignmentStatus.Completed);
        return await open.Where(a => a.ScenarioId == scenarioId).OrderBy(a => a.CreatedAt).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(cancellationToken)
               ?? await open.Where(a => a.Track!.Scenarios.Any(s => s.ScenarioId == scenarioId))
                   .OrderBy(a => a.CreatedAt).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(cancellationToken);
    }
}
