using MediatR;
using Microsoft.AspNetCore.Mvc;
using VoiceTraining.Application.Email.Preferences;
using VoiceTraining.Application.Email.Preferences.Commands.UpdateEmailPreferences;
using VoiceTraining.Application.Email.Preferences.Queries.GetEmailPreferences;

namespace VoiceTraining.Api.Controllers;

[Route("api/members/me/email-preferences")]
[Tags("Members")]
public sealed class EmailPreferencesController(IMediator mediator) : ApiControllerBase(mediator)
{
    /// <summary>Get the caller's email preferences (their role's defaults until changed).</summary>
    [HttpGet(Name = "getMyEmailPreferences")]
    [ProducesResponseType<EmailPreferencesDto>(StatusCodes.Status200OK)]
    public Task<EmailPreferencesDto> Get(CancellationToken ct) => Mediator.Send(new GetEmailPreferencesQuery(), ct);

    /// <summary>
    /// Replace the caller's email preferences: assignment emails, feedback emails, and the team
    /// digest (daily, weekly or off; managers and admins). Essential emails are always sent.
    /// </summary>
    [HttpPut(Name = "updateMyEmailPreferences")]
    [ProducesResponseType<EmailPreferencesDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public Task<EmailPreferencesDto> Update(UpdateEmailPreferencesCommand command, CancellationToken ct) => Mediator.Send(command, ct);
}
