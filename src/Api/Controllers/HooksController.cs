using System.Text.Json;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VoiceTraining.Api.Authentication;
using VoiceTraining.Application.Webhooks.RestHooks;
using VoiceTraining.Application.Webhooks.RestHooks.Commands.SubscribeRestHook;
using VoiceTraining.Application.Webhooks.RestHooks.Commands.UnsubscribeRestHook;
using VoiceTraining.Application.Webhooks.RestHooks.Queries.GetHookSamples;

namespace VoiceTraining.Api.Controllers;

/// <summary>
/// REST hooks for automation platforms (Zapier's convention): subscribe a target URL to one event,
/// unsubscribe with the returned id, and fetch sample payloads. Usually called with an API key.
/// </summary>
[Route("api/hooks")]
[Tags("REST hooks")]
[Authorize(Policy = Policies.Admin)]
public sealed class HooksController(IMediator mediator) : ApiControllerBase(mediator)
{
    /// <summary>Subscribe: deliveries of the event go to target_url, signed and retried like any webhook.</summary>
    [HttpPost(Name = "subscribeRestHook")]
    [ProducesResponseType<RestHookDto>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<ActionResult<RestHookDto>> Subscribe(SubscribeRestHookCommand command, CancellationToken ct)
    {
        // No Location: a REST hook is only ever deleted by its id (GET /api/webhooks/{id} shows it to admins).
        return StatusCode(StatusCodes.Status201Created, await Mediator.Send(command, ct));
    }

    /// <summary>Unsubscribe.</summary>
    [HttpDelete("{id:guid}", Name = "unsubscribeRestHook")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Unsubscribe(Guid id, CancellationToken ct)
    {
        await Mediator.Send(new UnsubscribeRestHookCommand(id), ct);
        return NoContent();
    }

    /// <summary>Recent real payloads of the event (newest first), or one example when there are none yet.</summary>
    [HttpGet("samples/{event}", Name = "getRestHookSamples")]
    [ProducesResponseType<IReadOnlyList<JsonElement>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public Task<IReadOnlyList<JsonElement>> Samples(string @event, CancellationToken ct) => Mediator.Send(new GetHookSamplesQuery(@event), ct);
}
