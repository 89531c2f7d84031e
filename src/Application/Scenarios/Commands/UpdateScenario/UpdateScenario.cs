using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Models;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Scenarios.Queries.GetScenario;

namespace VoiceTraining.Application.Scenarios.Commands.UpdateScenario;

/// <summary>Replaces a scenario's content. Its status is changed by publish/archive.</summary>
public sealed record UpdateScenarioCommand : ICommand<ScenarioDto>, IScenarioFields
{
    internal Guid Id { get; init; }
    public string Title { get; init; } = "";
    public string? Description { get; init; }
    public Guid PersonaId { get; init; }
    public string AiPrompt { get; init; } = "";
    public IReadOnlyList<RubricCriterionDto> Rubric { get; init; } = [];
    public int PassingThreshold { get; init; } = 70;

    public UpdateScenarioCommand WithId(Guid id) => this with { Id = id };
}

internal sealed class UpdateScenarioCommandHandler(IApplicationDbContext db, TimeProvider clock, IMediator mediator)
    : IRequestHandler<UpdateScenarioCommand, ScenarioDto>
{
    public async Task<ScenarioDto> Handle(UpdateScenarioCommand request, CancellationToken cancellationToken)
    {
        var scenario = await db.Scenarios.GetAsync(request.Id, cancellationToken);
        scenario.Update(request.Title, request.Description ?? "", request.PersonaId, request.AiPrompt,
            request.Rubric.Select(c => c.ToDomain()), request.PassingThreshold, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return await mediator.Send(new GetScenarioQuery(scenario.Id), cancellationToken);
    }
}
