using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VoiceTraining.Api.Authentication;
using VoiceTraining.Application.Common.Models;
using VoiceTraining.Application.Voice.Sessions;
using VoiceTraining.Application.Voice.Sessions.Commands.EndVoiceSession;
using VoiceTraining.Application.Voice.Sessions.Commands.ResetVoiceSettings;
using VoiceTraining.Application.Voice.Sessions.Commands.StartVoiceSession;
using VoiceTraining.Application.Voice.Sessions.Commands.UpdateGlobalVoiceSettings;
using VoiceTraining.Application.Voice.Sessions.Commands.UpdateVoiceSettings;
using VoiceTraining.Application.Voice.Sessions.Queries.GetVoiceSession;
using VoiceTraining.Application.Voice.Sessions.Queries.GetVoiceSessions;
using VoiceTraining.Application.Voice.Sessions.Queries.GetVoiceSettings;

namespace VoiceTraining.Api.Controllers;

/// <summary>
/// Platform voice sessions (voice AI): start and end one, the usage report, and the price and limits
/// (voice settings) sessions and Vapi calls run under.
/// </summary>
[Route("api/voice")]
[Tags("Voice sessions")]
public sealed class VoiceSessionsController(IMediator mediator) : ApiControllerBase(mediator)
{
    /// <summary>
    /// Start a voice session of a published scenario for yourself: creates its attempt and answers
    /// the session token for the audio channel, the cost estimate (expected minutes × price per
    /// minute), the limits that end it, and the STUN/TURN servers with credentials for this session.
    /// A session of yours still running ends first (reason <c>replaced</c>). Refused with 403 when
    /// voice AI is off for you (<c>voice_ai_enabled</c>) or the plan's voice minutes are used up.
    /// </summary>
    [HttpPost("start-session", Name = "startVoiceSession")]
    [PeopleOnly]
    [ProducesResponseType<VoiceSessionStartedDto>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<VoiceSessionStartedDto>> Start(StartVoiceSessionCommand command, CancellationToken ct)
    {
        var started = await Mediator.Send(command, ct);
        return CreatedAtRoute("getVoiceSession", new { id = started.SessionId }, started);
    }

    /// <summary>
    /// End a voice session (yours, or any of the organization's for an admin): the final cost from
    /// its measured length, its usage record, and its attempt completed and scored. Asking again
    /// answers how it ended, also when the watchdog ended it (<c>cost_limit</c>, <c>duration_limit</c>).
    /// </summary>
    [HttpPost("end-session", Name = "endVoiceSession")]
    [ProducesResponseType<VoiceSessionEndedDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public Task<VoiceSessionEndedDto> End(EndVoiceSessionCommand command, CancellationToken ct) => Mediator.Send(command, ct);

    /// <summary>The organization's voice sessions, newest first: member, price, estimate, running or final cost, end reason (admins).</summary>
    [HttpGet("sessions", Name = "listVoiceSessions")]
    [Authorize(Policy = Policies.Admin)]
    [ProducesResponseType<PagedResult<VoiceSessionDto>>(StatusCodes.Status200OK)]
    public Task<PagedResult<VoiceSessionDto>> List([FromQuery] GetVoiceSessionsQuery query, CancellationToken ct) => Mediator.Send(query, ct);

    /// <summary>One voice session: your own, or any of the organization's for an admin.</summary>
    [HttpGet("sessions/{id:guid}", Name = "getVoiceSession")]
    [ProducesResponseType<VoiceSessionDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public Task<VoiceSessionDto> Get(Guid id, CancellationToken ct) => Mediator.Send(new GetVoiceSessionQuery(id), ct);

    /// <summary>The voice settings in force for the organization (price per minute, circuit breaker threshold, longest session) and whether they are its own or the global default (admins).</summary>
    [HttpGet("settings", Name = "getVoiceSettings")]
    [Authorize(Policy = Policies.Admin)]
    [ProducesResponseType<VoiceSettingsDto>(StatusCodes.Status200OK)]
    public Task<VoiceSettingsDto> Settings(CancellationToken ct) => Mediator.Send(new GetVoiceSettingsQuery(), ct);

    /// <summary>Set the organization's own voice settings (admins): new sessions and Vapi calls use them; running sessions keep theirs.</summary>
    [HttpPut("settings", Name = "updateVoiceSettings")]
    [Authorize(Policy = Policies.Admin)]
    [ProducesResponseType<VoiceSettingsDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public Task<VoiceSettingsDto> UpdateSettings(UpdateVoiceSettingsCommand command, CancellationToken ct) => Mediator.Send(command, ct);

    /// <summary>Drop the organization's own voice settings (admins): the global default applies again. Answers the settings now in force.</summary>
    [HttpDelete("settings", Name = "resetVoiceSettings")]
    [Authorize(Policy = Policies.Admin)]
    [ProducesResponseType<VoiceSettingsDto>(StatusCodes.Status200OK)]
    public Task<VoiceSettingsDto> ResetSettings(CancellationToken ct) => Mediator.Send(new ResetVoiceSettingsCommand(), ct);

    /// <summary>
    /// Set the global default voice settings, which apply to every organization without its own
    /// (platform operators: PLATFORM_OPERATOR_USER_IDS). Answers the global settings.
    /// </summary>
    [HttpPut("settings/global", Name = "updateGlobalVoiceSettings")]
    [PeopleOnly]
    [ProducesResponseType<VoiceSettingsDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public Task<VoiceSettingsDto> UpdateGlobalSettings(UpdateGlobalVoiceSettingsCommand command, CancellationToken ct) => Mediator.Send(command, ct);
}
