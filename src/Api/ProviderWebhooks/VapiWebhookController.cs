using MediatR;
using Microsoft.AspNetCore.Mvc;
using VoiceTraining.Application.Calls;
using VoiceTraining.Application.Calls.Commands.RecordCallEvent;
using VoiceTraining.Application.ProviderWebhooks;

namespace VoiceTraining.Api.ProviderWebhooks;

/// <summary>Vapi's server messages. Authenticated by shared secret and/or HMAC before the body is read as data.</summary>
[Route("api/webhooks/vapi")]
[Tags("Provider webhooks")]
public sealed class VapiWebhookController(IMediator mediator, IInboundWebhook<RecordCallEventCommand, CallEventOutcome> vapi,
    ILogger<ProviderWebhookController> logger)
    : ProviderWebhookController(mediator, logger)
{
    /// <summary>
    /// Receive a Vapi webhook: the documented shape (call.started, call.ended, transcript.update,
    /// call.failed) or Vapi's native server messages (status-update, end-of-call-report, …).
    /// Unknown types are acknowledged and ignored. Repeated deliveries change nothing.
    /// </summary>
    [HttpPost(Name = "receiveVapiWebhook")]
    [ProducesResponseType<WebhookReceipt>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable)]
    public Task<IActionResult> Receive() => ReceiveAsync(vapi);
}
