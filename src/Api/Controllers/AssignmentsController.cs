using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VoiceTraining.Api.Authentication;
using VoiceTraining.Application.Assignments;
using VoiceTraining.Application.Assignments.Commands.CreateAssignment;
using VoiceTraining.Application.Assignments.Commands.DeleteAssignment;
using VoiceTraining.Application.Assignments.Commands.RescheduleAssignment;
using VoiceTraining.Application.Assignments.Queries.GetAssignment;
using VoiceTraining.Application.Assignments.Queries.GetAssignments;
using VoiceTraining.Application.Common.Models;

namespace VoiceTraining.Api.Controllers;

[Route("api/assignments")]
[Tags("Assignments")]
public sealed class AssignmentsController(IMediator mediator) : ApiControllerBase(mediator)
{
    /// <summary>
    /// List assignments, newest first. Scope defaults to the caller's role: trainees "mine",
    /// managers "team", admins "all".
    /// </summary>
    [HttpGet(Name = "listAssignments")]
    [ProducesResponseType<PagedResult<AssignmentDto>>(StatusCodes.Status200OK)]
    public Task<PagedResult<AssignmentDto>> List([FromQuery] GetAssignmentsQuery query, CancellationToken ct) => Mediator.Send(query, ct);

    /// <summary>Get an assignment.</summary>
    [HttpGet("{id:guid}", Name = "getAssignment")]
    [ProducesResponseType<AssignmentDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public Task<AssignmentDto> Get(Guid id, CancellationToken ct) => Mediator.Send(new GetAssignmentQuery(id), ct);

    /// <summary>Assign a published scenario or a track to a member (managers and admins).</summary>
    [HttpPost(Name = "createAssignment")]
    [Authorize(Policy = Policies.Manager)]
    [ProducesResponseType<AssignmentDto>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<ActionResult<AssignmentDto>> Create(CreateAssignmentCommand command, CancellationToken ct)
    {
        var assignment = await Mediator.Send(command, ct);
        return CreatedAtRoute("getAssignment", new { id = assignment.Id }, assignment);
    }

    /// <summary>Change an open assignment's due date (managers and admins).</summary>
    [HttpPatch("{id:guid}", Name = "rescheduleAssignment")]
    [Authorize(Policy = Policies.Manager)]
    [ProducesResponseType<AssignmentDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity)]
    public Task<AssignmentDto> Reschedule(Guid id, RescheduleAssignmentCommand command, CancellationToken ct) => Mediator.Send(command.WithId(id), ct);

    /// <summary>Withdraw an assignment (managers and admins).</summary>
    [HttpDelete("{id:guid}", Name = "deleteAssignment")]
    [Authorize(Policy = Policies.Manager)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Delete(Guid id, CancellationToken ct)
    {
        await Mediator.Send(new DeleteAssignmentCommand(id), ct);
        return NoContent();
    }
}
