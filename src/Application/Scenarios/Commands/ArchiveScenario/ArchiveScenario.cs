using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Models;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Scenarios.Queries.GetScenario;

namespace VoiceTraining.Application.Scenarios.Commands.ArchiveScenario;

/// <summary>Withdraws a scenario from trainees; its attempts and scores stay.</summary>
public sealed record ArchiveScenarioCommand(Guid Id) : ICommand<ScenarioDto>;

internal sealed class ArchiveScenarioCommandHandler(IApplicationDbContext db, TimeProvider clock, IMediator mediator)
    : IRequestHandler<ArchiveScenarioCommand, ScenarioDto>
{
    public async Task<ScenarioDto> Handle(ArchiveScenarioCommand request, CancellationToken cancellationToken)
    {
        var scenario = await db.Scenarios.GetAsync(request.Id, cancellationToken);
        scenario.Archive(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return await mediator.Send(new GetScenarioQuery(scenario.Id), cancellationToken);
    }
}
