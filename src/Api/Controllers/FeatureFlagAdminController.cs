using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VoiceTraining.Api.Authentication;
using VoiceTraining.Application.Common.Models;
using VoiceTraining.Application.Flags.Commands.SetFlag;
using VoiceTraining.Application.Flags.Commands.SetGlobalFlag;
using VoiceTraining.Application.Flags.Queries.GetAdminFlags;
using VoiceTraining.Application.Flags.Queries.GetFlagAudit;

namespace VoiceTraining.Api.Controllers;

/// <summary>
/// Settings &gt; Feature flags: the organization's flags and their audit trail (admins), settings
/// for the organization and its members (signed-in admins: a change names the person who made it),
/// and global settings (platform operators only).
/// </summary>
[Route("api/admin/flags")]
[Tags("Feature flags")]
public sealed class FeatureFlagAdminController(IMediator mediator) : ApiControllerBase(mediator)
{
    /// <summary>Every flag with its effective value for the organization, or for a member with memberId, and the settings at each scope.</summary>
    [HttpGet(Name = "listAdminFlags")]
    [Authorize(Policy = Policies.Admin)]
    [ProducesResponseType<AdminFlagsDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public Task<AdminFlagsDto> List([FromQuery] GetAdminFlagsQuery query, CancellationToken ct) => Mediator.Send(query, ct);

    /// <summary>Flag changes in the organization and global ones, newest first; filter by flag or member.</summary>
    [HttpGet("audit", Name = "listFlagChanges")]
    [Authorize(Policy = Policies.Admin)]
    [ProducesResponseType<PagedResult<FlagChangeDto>>(StatusCodes.Status200OK)]
    public Task<PagedResult<FlagChangeDto>> Audit([FromQuery] GetFlagAuditQuery query, CancellationToken ct) => Mediator.Send(query, ct);

    /// <summary>
    /// Set a flag for the organization or one member (enabled true or false), or clear that setting (enabled null).
    /// Every change is kept in the audit trail, the organization's admins are emailed, and the browsers it concerns are told at once.
    /// </summary>
    [HttpPut("{key}", Name = "setFlag")]
    [Authorize(Policy = Policies.Admin)]
    [PeopleOnly]
    [ProducesResponseType<FlagChangeResultDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public Task<FlagChangeResultDto> Set(string key, SetFlagCommand command, CancellationToken ct) => Mediator.Send(command.WithKey(key), ct);

    /// <summary>Set a flag for everyone on the platform, or clear the global setting (platform operators only, whatever their role in their organization).</summary>
    [HttpPut("{key}/global", Name = "setGlobalFlag")]
    [PeopleOnly]
    [Authorize(Policy = Policies.PlatformOperator)]
    [ProducesResponseType<FlagChangeResultDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public Task<FlagChangeResultDto> SetGlobal(string key, SetGlobalFlagCommand command, CancellationToken ct) => Mediator.Send(command.WithKey(key), ct);
}
