using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VoiceTraining.Api.Controllers;
using VoiceTraining.Application.Calls;
using VoiceTraining.Application.Calls.Commands.RecordCallEvent;
using VoiceTraining.Infrastructure.Vapi;

namespace VoiceTraining.Api.ProviderWebhooks;

/// <summary>Vapi's server messages. Authenticated by shared secret and/or HMAC before the body is read as data.</summary>
[Route("api/webhooks/vapi")]
[Tags("Provider webhooks")]
[AllowAnonymous]
[Microsoft.AspNetCore.RateLimiting.DisableRateLimiting]
public sealed partial class VapiWebhookController(IMediator mediator, VapiWebhookAuthenticator authenticator, ILogger<VapiWebhookController> logger)
    : ApiControllerBase(mediator)
{
    /// <summary>End-of-call reports carry whole transcripts: allow more than the API's default body size.</summary>
    public const long MaxBodyBytes = 8 * 1024 * 1024;

    /// <summary>
    /// Receive a Vapi webhook: the documented shape (call.started, call.ended, transcript.update,
    /// call.failed) or Vapi's native server messages (status-update, end-of-call-report, …).
    /// Unknown types are acknowledged and ignored. Repeated deliveries change nothing.
    /// </summary>
    [HttpPost(Name = "receiveVapiWebhook")]
    [RequestSizeLimit(MaxBodyBytes)]
    [Consumes("application/json")]
    [ProducesResponseType<WebhookReceipt>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge)]
    public async Task<IActionResult> Receive(CancellationToken ct)
    {
        var body = await RawBody.ReadAsync(Request, MaxBodyBytes, ct);
        if (body is null) return Problem(statusCode: StatusCodes.Status413PayloadTooLarge, detail: "The webhook body is too large.");

        var failure = authenticator.Verify(name => Request.Headers.TryGetValue(name, out var v) ? v.ToString() : null, body);
        if (failure is not null)
        {
            LogRejected(logger, failure);
            return Problem(statusCode: StatusCodes.Status401Unauthorized, detail: "The webhook could not be authenticated.");
        }

        var parsed = VapiWebhookParser.Parse(body);
        if (parsed.Error is not null) return Problem(statusCode: StatusCodes.Status400BadRequest, detail: parsed.Error);
        if (parsed.Event is null) return Ok(new WebhookReceipt(parsed.Type, "ignored"));

        var outcome = await Mediator.Send(new RecordCallEventCommand(parsed.Event), ct);
        return Ok(new WebhookReceipt(parsed.Type, outcome switch
        {
            CallEventOutcome.Duplicate => "duplicate",
            CallEventOutcome.UnknownCall => "unknown_call",
            _ => "applied",
        }));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a Vapi webhook: {Reason}")]
    private static partial void LogRejected(ILogger logger, string reason);
}

/// <summary>What happened to a webhook delivery: applied, duplicate, ignored or unknown_call.</summary>
public sealed record WebhookReceipt(string Type, string Outcome);
