using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Models;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Scenarios.Queries.GetScenario;

namespace VoiceTraining.Application.Scenarios.Commands.PublishScenario;

/// <summary>Makes a scenario visible to trainees (from draft or archived).</summary>
public sealed record PublishScenarioCommand(Guid Id) : ICommand<ScenarioDto>;

internal sealed class PublishScenarioCommandHandler(IApplicationDbContext db, Billing.Entitlements entitlements, TimeProvider clock, IMediator mediator)
    : IRequestHandler<PublishScenarioCommand, ScenarioDto>
{
    public async Task<ScenarioDto> Handle(PublishScenarioCommand request, CancellationToken cancellationToken)
    {
        var scenario = await db.Scenarios.GetAsync(request.Id, cancellationToken);
        if (scenario.Status != Domain.Scenarios.ScenarioStatus.Published)
            await entitlements.EnsureCanPublishAsync(scenario.OrgId, cancellationToken);
        scenario.Publish(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return await mediator.Send(new GetScenarioQuery(scenario.Id), cancellationToken);
    }
}
