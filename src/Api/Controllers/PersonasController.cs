using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VoiceTraining.Api.Authentication;
using VoiceTraining.Application.Common.Models;
using VoiceTraining.Application.Personas;
using VoiceTraining.Application.Personas.Commands.CreatePersona;
using VoiceTraining.Application.Personas.Commands.DeletePersona;
using VoiceTraining.Application.Personas.Commands.UpdatePersona;
using VoiceTraining.Application.Personas.Queries.GetPersona;
using VoiceTraining.Application.Personas.Queries.GetPersonas;

namespace VoiceTraining.Api.Controllers;

[Route("api/personas")]
[Tags("Personas")]
public sealed class PersonasController(IMediator mediator) : ApiControllerBase(mediator)
{
    /// <summary>List the AI buyer personas.</summary>
    [HttpGet(Name = "listPersonas")]
    [ProducesResponseType<PagedResult<PersonaDto>>(StatusCodes.Status200OK)]
    public Task<PagedResult<PersonaDto>> List([FromQuery] GetPersonasQuery query, CancellationToken ct) => Mediator.Send(query, ct);

    /// <summary>Get a persona.</summary>
    [HttpGet("{id:guid}", Name = "getPersona")]
    [ProducesResponseType<PersonaDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public Task<PersonaDto> Get(Guid id, CancellationToken ct) => Mediator.Send(new GetPersonaQuery(id), ct);

    /// <summary>Create a persona (managers and admins).</summary>
    [HttpPost(Name = "createPersona")]
    [Authorize(Policy = Policies.Manager)]
    [ProducesResponseType<PersonaDto>(StatusCodes.Status201Created)]
    public async Task<ActionResult<PersonaDto>> Create(CreatePersonaCommand command, CancellationToken ct)
    {
        var persona = await Mediator.Send(command, ct);
        return CreatedAtRoute("getPersona", new { id = persona.Id }, persona);
    }

    /// <summary>Replace a persona's details (managers and admins).</summary>
    [HttpPut("{id:guid}", Name = "updatePersona")]
    [Authorize(Policy = Policies.Manager)]
    [ProducesResponseType<PersonaDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public Task<PersonaDto> Update(Guid id, UpdatePersonaCommand command, CancellationToken ct) => Mediator.Send(command.WithId(id), ct);

    /// <summary>Delete a persona no scenario uses (managers and admins).</summary>
    [HttpDelete("{id:guid}", Name = "deletePersona")]
    [Authorize(Policy = Policies.Manager)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> Delete(Guid id, CancellationToken ct)
    {
        await Mediator.Send(new DeletePersonaCommand(id), ct);
        return NoContent();
    }
}
