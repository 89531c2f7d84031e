using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using VoiceTraining.Application.Calls;
using VoiceTraining.Application.Calls.Commands.StartCall;

namespace VoiceTraining.Api.Controllers;

[Route("api/calls")]
[Tags("Calls")]
public sealed class CallsController(IMediator mediator) : ApiControllerBase(mediator)
{
    /// <summary>
    /// Start a practice call of a published scenario: creates an in-progress attempt (linked to the
    /// caller's open assignment for it, if any) and returns the voice assistant configuration to
    /// pass to the voice SDK, with metadata tying the call to the attempt.
    /// </summary>
    // Required: without it the empty id was looked up and answered 404, and the contract called it optional.
    [HttpGet("config", Name = "getCallConfig")]
    [ProducesResponseType<CallConfigDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public Task<CallConfigDto> Config([FromQuery, BindRequired] Guid scenarioId, CancellationToken ct) => Mediator.Send(new StartCallCommand(scenarioId), ct);
}
