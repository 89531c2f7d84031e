using MediatR;
using Microsoft.AspNetCore.Mvc;
using VoiceTraining.Application.Attempts.Comments;
using VoiceTraining.Application.ProviderWebhooks;
using VoiceTraining.Application.Attempts.Comments.Commands.AddEmailReply;

namespace VoiceTraining.Api.ProviderWebhooks;

/// <summary>
/// Replies to feedback emails, forwarded by a Mailgun route (forward() to this URL). Mailgun signs
/// the form with timestamp, token and signature; the signature is checked before anything is stored.
/// </summary>
[Route("api/webhooks/mailgun/inbound")]
[Tags("Provider webhooks")]
public sealed class MailgunInboundController(IMediator mediator, IInboundWebhook<AddEmailReplyCommand, EmailReplyOutcome> mailgun,
    ILogger<ProviderWebhookController> logger)
    : ProviderWebhookController(mediator, logger)
{
    /// <summary>
    /// Receive a reply to a feedback email: it becomes a comment in the attempt's thread
    /// (GET /api/attempts/{id}/comments), by the member whose address sent it. 401 for a bad
    /// signature, an old timestamp or a reused token; 406 (Mailgun's "rejected, do not retry") when
    /// the address names no attempt or the sender may not comment on it.
    /// </summary>
    [HttpPost(Name = "receiveMailgunInbound")]
    [Consumes("application/x-www-form-urlencoded", "multipart/form-data")]
    [ProducesResponseType<WebhookReceipt>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status406NotAcceptable)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable)]
    public Task<IActionResult> Receive() => ReceiveAsync(mailgun);
}
