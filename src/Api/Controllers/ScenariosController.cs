using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VoiceTraining.Api.Authentication;
using VoiceTraining.Application.Common.Models;
using VoiceTraining.Application.Scenarios;
using VoiceTraining.Application.Scenarios.Commands.ArchiveScenario;
using VoiceTraining.Application.Scenarios.Commands.CreateScenario;
using VoiceTraining.Application.Scenarios.Commands.PublishScenario;
using VoiceTraining.Application.Scenarios.Commands.UpdateScenario;
using VoiceTraining.Application.Scenarios.Queries.GetScenario;
using VoiceTraining.Application.Scenarios.Queries.GetScenarios;

namespace VoiceTraining.Api.Controllers;

[Route("api/scenarios")]
[Tags("Scenarios")]
public sealed class ScenariosController(IMediator mediator) : ApiControllerBase(mediator)
{
    /// <summary>List scenarios, newest first. Trainees see published ones only.</summary>
    [HttpGet(Name = "listScenarios")]
    [ProducesResponseType<PagedResult<ScenarioSummaryDto>>(StatusCodes.Status200OK)]
    public Task<PagedResult<ScenarioSummaryDto>> List([FromQuery] GetScenariosQuery query, CancellationToken ct) => Mediator.Send(query, ct);

    /// <summary>Get a scenario with its prompt and rubric.</summary>
    [HttpGet("{id:guid}", Name = "getScenario")]
    [ProducesResponseType<ScenarioDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public Task<ScenarioDto> Get(Guid id, CancellationToken ct) => Mediator.Send(new GetScenarioQuery(id), ct);

    /// <summary>Create a draft scenario (managers and admins).</summary>
    [HttpPost(Name = "createScenario")]
    [Authorize(Policy = Policies.Manager)]
    [ProducesResponseType<ScenarioDto>(StatusCodes.Status201Created)]
    public async Task<ActionResult<ScenarioDto>> Create(CreateScenarioCommand command, CancellationToken ct)
    {
        var scenario = await Mediator.Send(command, ct);
        return CreatedAtRoute("getScenario", new { id = scenario.Id }, scenario);
    }

    /// <summary>Replace a scenario's content (managers and admins). Archived scenarios cannot be edited.</summary>
    [HttpPut("{id:guid}", Name = "updateScenario")]
    [Authorize(Policy = Policies.Manager)]
    [ProducesResponseType<ScenarioDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity)]
    public Task<ScenarioDto> Update(Guid id, UpdateScenarioCommand command, CancellationToken ct) => Mediator.Send(command.WithId(id), ct);

    /// <summary>Publish a scenario so trainees can practise it (needs a rubric and a prompt).</summary>
    [HttpPost("{id:guid}/publish", Name = "publishScenario")]
    [Authorize(Policy = Policies.Manager)]
    [Consumes("application/json", IsOptional = true)]
    [ProducesResponseType<ScenarioDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity)]
    public Task<ScenarioDto> Publish(Guid id, CancellationToken ct) => Mediator.Send(new PublishScenarioCommand(id), ct);

    /// <summary>Archive a scenario: hidden from trainees, history kept.</summary>
    [HttpPost("{id:guid}/archive", Name = "archiveScenario")]
    [Authorize(Policy = Policies.Manager)]
    [Consumes("application/json", IsOptional = true)]
    [ProducesResponseType<ScenarioDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public Task<ScenarioDto> Archive(Guid id, CancellationToken ct) => Mediator.Send(new ArchiveScenarioCommand(id), ct);
}
