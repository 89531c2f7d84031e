using System.Text.Json;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VoiceTraining.Api.Authentication;
using VoiceTraining.Application.Common.Models;
using VoiceTraining.Application.Webhooks;
using VoiceTraining.Application.Webhooks.Commands.CreateWebhookEndpoint;
using VoiceTraining.Application.Webhooks.Commands.DeleteWebhookEndpoint;
using VoiceTraining.Application.Webhooks.Commands.ReplayFailedDeliveries;
using VoiceTraining.Application.Webhooks.Commands.ReplayWebhookDelivery;
using VoiceTraining.Application.Webhooks.Commands.RotateWebhookSecret;
using VoiceTraining.Application.Webhooks.Commands.SendTestWebhook;
using VoiceTraining.Application.Webhooks.Commands.UpdateWebhookEndpoint;
using VoiceTraining.Application.Webhooks.Queries.GetWebhookDeliveries;
using VoiceTraining.Application.Webhooks.Queries.GetWebhookDelivery;
using VoiceTraining.Application.Webhooks.Queries.GetWebhookEndpoint;
using VoiceTraining.Application.Webhooks.Queries.GetWebhookEndpoints;
using VoiceTraining.Application.Webhooks.Queries.GetWebhookEvents;
using VoiceTraining.Application.Webhooks.Queries.GetWebhookEventTypes;
using VoiceTraining.Application.Webhooks.Queries.GetWebhookSecret;

namespace VoiceTraining.Api.Controllers;

/// <summary>Settings &gt; Webhooks: the organization's endpoints, their secrets, the delivery log, test and replay (admins).</summary>
[Route("api/webhooks")]
[Tags("Webhooks")]
[Authorize(Policy = Policies.Admin)]
public sealed class WebhooksController(IMediator mediator) : ApiControllerBase(mediator)
{
    /// <summary>List the organization's webhook endpoints.</summary>
    [HttpGet(Name = "listWebhookEndpoints")]
    [ProducesResponseType<PagedResult<WebhookEndpointDto>>(StatusCodes.Status200OK)]
    public Task<PagedResult<WebhookEndpointDto>> List([FromQuery] GetWebhookEndpointsQuery query, CancellationToken ct) => Mediator.Send(query, ct);

    /// <summary>Register an endpoint. The URL must be https and reach a public address. Answers with the signing secret.</summary>
    [HttpPost(Name = "createWebhookEndpoint")]
    [ProducesResponseType<WebhookEndpointCreatedDto>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<ActionResult<WebhookEndpointCreatedDto>> Create(CreateWebhookEndpointCommand command, CancellationToken ct)
    {
        var created = await Mediator.Send(command, ct);
        return CreatedAtRoute("getWebhookEndpoint", new { id = created.Endpoint.Id }, created);
    }

    /// <summary>The event types with the JSON Schema and an example of each payload.</summary>
    [HttpGet("event-types", Name = "listWebhookEventTypes")]
    [ProducesResponseType<IReadOnlyList<WebhookEventTypeDto>>(StatusCodes.Status200OK)]
    public Task<IReadOnlyList<WebhookEventTypeDto>> EventTypes(CancellationToken ct) => Mediator.Send(new GetWebhookEventTypesQuery(), ct);

    /// <summary>Get an endpoint.</summary>
    [HttpGet("{id:guid}", Name = "getWebhookEndpoint")]
    [ProducesResponseType<WebhookEndpointDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public Task<WebhookEndpointDto> Get(Guid id, CancellationToken ct) => Mediator.Send(new GetWebhookEndpointQuery(id), ct);

    /// <summary>Change an endpoint's name, URL, events or enabled state.</summary>
    [HttpPut("{id:guid}", Name = "updateWebhookEndpoint")]
    [ProducesResponseType<WebhookEndpointDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public Task<WebhookEndpointDto> Update(Guid id, UpdateWebhookEndpointCommand command, CancellationToken ct) => Mediator.Send(command.WithId(id), ct);

    /// <summary>Delete an endpoint and its delivery log.</summary>
    [HttpDelete("{id:guid}", Name = "deleteWebhookEndpoint")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Delete(Guid id, CancellationToken ct)
    {
        await Mediator.Send(new DeleteWebhookEndpointCommand(id), ct);
        return NoContent();
    }

    /// <summary>Reveal the signing secret (and the previous one while a rotation overlaps). Signed-in admins only, not API keys.</summary>
    [HttpGet("{id:guid}/secret", Name = "getWebhookSecret")]
    [PeopleOnly]
    [ProducesResponseType<WebhookSecretDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public Task<WebhookSecretDto> Secret(Guid id, CancellationToken ct) => Mediator.Send(new GetWebhookSecretQuery(id), ct);

    /// <summary>Replace the signing secret; for 24 hours deliveries are signed with both secrets.</summary>
    [HttpPost("{id:guid}/rotate-secret", Name = "rotateWebhookSecret")]
    [PeopleOnly]
    [Consumes("application/json", IsOptional = true)]
    [ProducesResponseType<WebhookSecretDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public Task<WebhookSecretDto> RotateSecret(Guid id, CancellationToken ct) => Mediator.Send(new RotateWebhookSecretCommand(id), ct);

    /// <summary>Send webhook.test to the endpoint now; answers whether it succeeded, with the attempt.</summary>
    [HttpPost("{id:guid}/test", Name = "testWebhookEndpoint")]
    [Consumes("application/json", IsOptional = true)]
    [ProducesResponseType<WebhookTestResultDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public Task<WebhookTestResultDto> Test(Guid id, CancellationToken ct) => Mediator.Send(new SendTestWebhookCommand(id), ct);

    /// <summary>Requeue every failed delivery of this endpoint created since a time.</summary>
    [HttpPost("{id:guid}/replay-failed", Name = "replayFailedWebhookDeliveries")]
    [ProducesResponseType<ReplayResultDto>(StatusCodes.Status202Accepted)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<ReplayResultDto>> ReplayFailed(Guid id, ReplayFailedDeliveriesCommand command, CancellationToken ct) =>
        Accepted(await Mediator.Send(command.WithEndpoint(id), ct));

    /// <summary>The delivery log, newest first; filter by endpoint, event, status or event type.</summary>
    [HttpGet("deliveries", Name = "listWebhookDeliveries")]
    [ProducesResponseType<PagedResult<WebhookDeliveryDto>>(StatusCodes.Status200OK)]
    public Task<PagedResult<WebhookDeliveryDto>> Deliveries([FromQuery] GetWebhookDeliveriesQuery query, CancellationToken ct) => Mediator.Send(query, ct);

    /// <summary>One delivery with its body and every attempt (time, status, duration, error, response).</summary>
    [HttpGet("deliveries/{id:guid}", Name = "getWebhookDelivery")]
    [ProducesResponseType<WebhookDeliveryDetailDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public Task<WebhookDeliveryDetailDto> Delivery(Guid id, CancellationToken ct) => Mediator.Send(new GetWebhookDeliveryQuery(id), ct);

    /// <summary>Send a delivery again (same id and body) from the start of the retry schedule.</summary>
    [HttpPost("deliveries/{id:guid}/replay", Name = "replayWebhookDelivery")]
    [Consumes("application/json", IsOptional = true)]
    [ProducesResponseType<WebhookDeliveryDto>(StatusCodes.Status202Accepted)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<ActionResult<WebhookDeliveryDto>> Replay(Guid id, CancellationToken ct) =>
        Accepted(await Mediator.Send(new ReplayWebhookDeliveryCommand(id), ct));

    /// <summary>Events that happened in the organization, newest first, with their delivery counts.</summary>
    [HttpGet("events", Name = "listWebhookEvents")]
    [ProducesResponseType<PagedResult<WebhookEventDto>>(StatusCodes.Status200OK)]
    public Task<PagedResult<WebhookEventDto>> Events([FromQuery] GetWebhookEventsQuery query, CancellationToken ct) => Mediator.Send(query, ct);
}
