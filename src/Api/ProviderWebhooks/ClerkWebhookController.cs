using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VoiceTraining.Api.Controllers;
using VoiceTraining.Application.Identity.Commands.ProcessIdentityEvent;
using VoiceTraining.Infrastructure.Identity.Clerk;

namespace VoiceTraining.Api.ProviderWebhooks;

/// <summary>Clerk's identity events, signed by Svix. The signature is verified over the raw body before anything is read or stored.</summary>
[Route("api/webhooks/clerk")]
[Tags("Provider webhooks")]
[AllowAnonymous]
[Microsoft.AspNetCore.RateLimiting.DisableRateLimiting]
public sealed partial class ClerkWebhookController(IMediator mediator, ClerkWebhookVerifier verifier, ILogger<ClerkWebhookController> logger)
    : ApiControllerBase(mediator)
{
    public const long MaxBodyBytes = 512 * 1024;

    /// <summary>
    /// Receive a Clerk event: user.created/updated/deleted, organization.created/updated,
    /// organizationMembership.created/updated/deleted. Headers svix-id, svix-timestamp and
    /// svix-signature (v1, HMAC-SHA256, 5 minutes' tolerance) are required. Each svix-id is applied
    /// once; a membership for an organization not known yet is kept and applied when it arrives
    /// (outcome "deferred"); other types are acknowledged.
    /// </summary>
    [HttpPost(Name = "receiveClerkWebhook")]
    [RequestSizeLimit(MaxBodyBytes)]
    [Consumes("application/json")]
    [ProducesResponseType<WebhookReceipt>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable)]
    public async Task<IActionResult> Receive(CancellationToken ct)
    {
        if (!verifier.IsConfigured)
            return Problem(statusCode: StatusCodes.Status503ServiceUnavailable, detail: "Clerk webhooks are not configured on this installation (set CLERK_WEBHOOK_SECRET).");
        var body = await RawBody.ReadAsync(Request, MaxBodyBytes, ct);
        if (body is null) return Problem(statusCode: StatusCodes.Status413PayloadTooLarge, detail: "The webhook body is too large.");

        var id = Request.Headers[ClerkWebhookVerifier.IdHeader].ToString();
        var rejected = verifier.WhyRejected(id, Request.Headers[ClerkWebhookVerifier.TimestampHeader], Request.Headers[ClerkWebhookVerifier.SignatureHeader], body);
        if (rejected is not null)
        {
            LogRejected(logger, rejected);
            return Problem(statusCode: StatusCodes.Status401Unauthorized, detail: $"The Svix signature was not accepted: {rejected}");
        }

        var parsed = ClerkEventParser.Parse(id, body);
        if (parsed.Event is null) return Problem(statusCode: StatusCodes.Status400BadRequest, detail: parsed.Error ?? "The body is not a Clerk event.");
        var outcome = await Mediator.Send(new ProcessIdentityEventCommand(parsed.Event), ct);
        return Ok(new WebhookReceipt(parsed.Event.Type, outcome.ToString().ToLowerInvariant()));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a Clerk webhook: {Reason}")]
    private static partial void LogRejected(ILogger logger, string reason);
}
