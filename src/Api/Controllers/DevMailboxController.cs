using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VoiceTraining.Api.Authentication;
using VoiceTraining.Application.Email.Mailbox;
using VoiceTraining.Application.Email.Mailbox.Queries.GetDevMailbox;

namespace VoiceTraining.Api.Controllers;

/// <summary>The local mailbox. Answers 404 unless the API runs in Development with no email provider configured.</summary>
[Route("api/dev")]
[Tags("Local mode")]
[AllowAnonymous]
public sealed class DevMailboxController(IMediator mediator, LocalEmailMode localEmail) : ApiControllerBase(mediator)
{
    /// <summary>
    /// List the emails the API has written (every organization's, newest first) with their HTML and
    /// text bodies, in email local mode only: Development with no RESEND_API_KEY or MAILGUN_API_KEY.
    /// </summary>
    [HttpGet("mailbox", Name = "listDevMailbox")]
    [ProducesResponseType<IReadOnlyList<DevMailboxMessageDto>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<IReadOnlyList<DevMailboxMessageDto>>> Mailbox([FromQuery] GetDevMailboxQuery query, CancellationToken ct)
    {
        if (!localEmail.MailboxEnabled) return NotFound();
        return Ok(await Mediator.Send(query, ct));
    }
}
