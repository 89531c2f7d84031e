using System.Net.Mail;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VoiceTraining.Api.Controllers;
using VoiceTraining.Application.Attempts.Comments;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Infrastructure.Email.Inbound;

namespace VoiceTraining.Api.ProviderWebhooks;

/// <summary>
/// Replies to feedback emails, forwarded by a Mailgun route (forward() to this URL). Mailgun signs
/// the form with timestamp, token and signature; the signature is checked before anything is stored.
/// </summary>
[Route("api/webhooks/mailgun/inbound")]
[Tags("Provider webhooks")]
[AllowAnonymous]
[Microsoft.AspNetCore.RateLimiting.DisableRateLimiting]
public sealed partial class MailgunInboundController(IMediator mediator, MailgunWebhookVerifier verifier, IAttemptReplyAddresses replyAddresses,
    ILogger<MailgunInboundController> logger)
    : ApiControllerBase(mediator)
{
    /// <summary>Forwarded messages may carry attachments; the comment keeps only the text.</summary>
    public const long MaxBodyBytes = 10 * 1024 * 1024;

    /// <summary>
    /// Receive a reply to a feedback email: it becomes a comment in the attempt's thread
    /// (GET /api/attempts/{id}/comments), by the member whose address sent it. 401 for a bad
    /// signature, an old timestamp or a reused token; 406 (Mailgun's "rejected, do not retry") when
    /// the address names no attempt or the sender may not comment on it.
    /// </summary>
    [HttpPost(Name = "receiveMailgunInbound")]
    [RequestSizeLimit(MaxBodyBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = MaxBodyBytes)]
    [Consumes("application/x-www-form-urlencoded", "multipart/form-data")]
    [ProducesResponseType<WebhookReceipt>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status406NotAcceptable)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable)]
    public async Task<IActionResult> Receive(CancellationToken ct)
    {
        if (!verifier.IsConfigured)
            return Problem(statusCode: StatusCodes.Status503ServiceUnavailable, detail: "Inbound email is not configured on this installation (set MAILGUN_WEBHOOK_SIGNING_KEY).");
        if (!Request.HasFormContentType)
            return Problem(statusCode: StatusCodes.Status400BadRequest, detail: "Expected a form (application/x-www-form-urlencoded or multipart/form-data) as Mailgun posts it.");
        var form = await Request.ReadFormAsync(ct);
        string? Field(string name) => form.TryGetValue(name, out var v) ? v.ToString() : null;

        var token = Field("token");
        var rejected = verifier.WhyRejected(Field("timestamp"), token, Field("signature"));
        if (rejected is not null)
        {
            LogRejected(logger, rejected);
            return Problem(statusCode: StatusCodes.Status401Unauthorized, detail: $"The Mailgun signature was not accepted: {rejected}");
        }

        var sender = AddressOf(Field("from")) ?? AddressOf(Field("sender"));
        if (sender is null) return Problem(statusCode: StatusCodes.Status400BadRequest, detail: "The message has no readable from or sender address.");
        var attemptId = (Field("recipient") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(r => replyAddresses.TryReadAttemptId(AddressOf(r) ?? r)).FirstOrDefault(id => id is not null);
        var body = Field("stripped-text") is { Length: > 0 } stripped ? stripped : Field("body-plain") ?? "";
        var messageId = Field("Message-Id") ?? Field("message-id");

        var outcome = await Mediator.Send(new AddEmailReplyCommand(token!, attemptId, sender, body, messageId), ct);
        return outcome switch
        {
            EmailReplyOutcome.ReplayedToken => Problem(statusCode: StatusCodes.Status401Unauthorized, detail: "This delivery's token was used before (a replay)."),
            EmailReplyOutcome.UnknownThread => Problem(statusCode: StatusCodes.Status406NotAcceptable, detail: "The recipient address names no feedback thread."),
            EmailReplyOutcome.SenderNotAllowed => Problem(statusCode: StatusCodes.Status406NotAcceptable, detail: "The sender is not a member who can comment on this attempt."),
            EmailReplyOutcome.EmptyBody => Problem(statusCode: StatusCodes.Status406NotAcceptable, detail: "The reply has no text besides quotes and signature."),
            _ => Ok(new WebhookReceipt("inbound.reply", outcome.ToString().ToLowerInvariant())),
        };
    }

    private static string? AddressOf(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        return MailAddress.TryCreate(value.Trim(), out var address) ? address.Address : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a Mailgun inbound message: {Reason}")]
    private static partial void LogRejected(ILogger logger, string reason);
}
