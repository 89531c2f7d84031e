using MediatR;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Scenarios.Queries.GetScenario;
using VoiceTraining.Domain.Scenarios;

namespace VoiceTraining.Application.Scenarios.Commands.CreateScenario;

/// <summary>Creates a draft scenario.</summary>
public sealed record CreateScenarioCommand : ICommand<ScenarioDto>, IScenarioFields
{
    public string Title { get; init; } = "";
    public string? Description { get; init; }
    public Guid PersonaId { get; init; }
    public string AiPrompt { get; init; } = "";
    public IReadOnlyList<RubricCriterionDto> Rubric { get; init; } = [];
    /// <summary>Score (0–100) below which an attempt counts as low. Defaults to 70.</summary>
    public int PassingThreshold { get; init; } = 70;
}

internal sealed class CreateScenarioCommandHandler(IApplicationDbContext db, ICurrentUser user, TimeProvider clock, IMediator mediator)
    : IRequestHandler<CreateScenarioCommand, ScenarioDto>
{
    public async Task<ScenarioDto> Handle(CreateScenarioCommand request, CancellationToken cancellationToken)
    {
        var scenario = new Scenario(user.RequireOrgId(), request.Title, request.Description ?? "", request.PersonaId,
            request.AiPrompt, request.Rubric.Select(c => c.ToDomain()), request.PassingThreshold,
            user.MemberId, clock.GetUtcNow());
        db.Scenarios.Add(scenario);
        await db.SaveChangesAsync(cancellationToken);
        return await mediator.Send(new GetScenarioQuery(scenario.Id), cancellationToken);
    }
}
