using MediatR;
using Microsoft.AspNetCore.Mvc;
using VoiceTraining.Application.Identity;
using VoiceTraining.Application.Identity.Commands.ProcessIdentityEvent;
using VoiceTraining.Application.ProviderWebhooks;

namespace VoiceTraining.Api.ProviderWebhooks;

/// <summary>Clerk's identity events, signed by Svix. The signature is verified over the raw body before anything is read or stored.</summary>
[Route("api/webhooks/clerk")]
[Tags("Provider webhooks")]
public sealed class ClerkWebhookController(IMediator mediator, IInboundWebhook<ProcessIdentityEventCommand, IdentityEventOutcome> clerk,
    ILogger<ProviderWebhookController> logger)
    : ProviderWebhookController(mediator, logger)
{
    /// <summary>
    /// Receive a Clerk event: user.created/updated/deleted, organization.created/updated,
    /// organizationMembership.created/updated/deleted. Headers svix-id, svix-timestamp and
    /// svix-signature (v1, HMAC-SHA256, 5 minutes' tolerance) are required. Each svix-id is applied
    /// once; a membership for an organization not known yet is kept and applied when it arrives
    /// (outcome "deferred"); other types are acknowledged.
    /// </summary>
    [HttpPost(Name = "receiveClerkWebhook")]
    [ProducesResponseType<WebhookReceipt>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable)]
    public Task<IActionResult> Receive() => ReceiveAsync(clerk);
}
