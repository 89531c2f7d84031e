using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VoiceTraining.Api.Authentication;
using VoiceTraining.Application.Common.Models;
using VoiceTraining.Application.Members;
using VoiceTraining.Application.Members.Commands.AddMember;
using VoiceTraining.Application.Members.Commands.ChangeMemberRole;
using VoiceTraining.Application.Members.Commands.DeactivateMember;
using VoiceTraining.Application.Members.Commands.ReactivateMember;
using VoiceTraining.Application.Members.Commands.SetMemberManager;
using VoiceTraining.Application.Members.Queries.GetCurrentMember;
using VoiceTraining.Application.Members.Queries.GetMember;
using VoiceTraining.Application.Members.Queries.GetMembers;

namespace VoiceTraining.Api.Controllers;

[Route("api/members")]
[Tags("Members")]
public sealed class MembersController(IMediator mediator) : ApiControllerBase(mediator)
{
    /// <summary>List the organization's members (managers and admins).</summary>
    [HttpGet(Name = "listMembers")]
    [Authorize(Policy = Policies.Manager)]
    [ProducesResponseType<PagedResult<MemberDto>>(StatusCodes.Status200OK)]
    public Task<PagedResult<MemberDto>> List([FromQuery] GetMembersQuery query, CancellationToken ct) => Mediator.Send(query, ct);

    /// <summary>Add a person to the organization (admins); raises user.added.</summary>
    [HttpPost(Name = "addMember")]
    [Authorize(Policy = Policies.Admin)]
    [ProducesResponseType<MemberDto>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<ActionResult<MemberDto>> Add(AddMemberCommand command, CancellationToken ct)
    {
        var member = await Mediator.Send(command, ct);
        return CreatedAtRoute("getMember", new { id = member.Id }, member);
    }

    /// <summary>Get the caller's own member record.</summary>
    [HttpGet("me", Name = "getCurrentMember")]
    [ProducesResponseType<MemberDto>(StatusCodes.Status200OK)]
    public Task<MemberDto> Me(CancellationToken ct) => Mediator.Send(new GetCurrentMemberQuery(), ct);

    /// <summary>Get a member (managers and admins).</summary>
    [HttpGet("{id:guid}", Name = "getMember")]
    [Authorize(Policy = Policies.Manager)]
    [ProducesResponseType<MemberDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public Task<MemberDto> Get(Guid id, CancellationToken ct) => Mediator.Send(new GetMemberQuery(id), ct);

    /// <summary>Change a member's role (admins). The last active admin cannot be demoted.</summary>
    [HttpPut("{id:guid}/role", Name = "changeMemberRole")]
    [Authorize(Policy = Policies.Admin)]
    [ProducesResponseType<MemberDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public Task<MemberDto> ChangeRole(Guid id, ChangeMemberRoleCommand command, CancellationToken ct) => Mediator.Send(command.WithId(id), ct);

    /// <summary>Put a member on a manager's team, or on none with a null managerId (admins).</summary>
    [HttpPut("{id:guid}/manager", Name = "setMemberManager")]
    [Authorize(Policy = Policies.Admin)]
    [ProducesResponseType<MemberDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity)]
    public Task<MemberDto> SetManager(Guid id, SetMemberManagerCommand command, CancellationToken ct) => Mediator.Send(command.WithId(id), ct);

    /// <summary>Deactivate a member: they can no longer sign in; their history stays (admins).</summary>
    [HttpPost("{id:guid}/deactivate", Name = "deactivateMember")]
    [Authorize(Policy = Policies.Admin)]
    [Consumes("application/json", IsOptional = true)]
    [ProducesResponseType<MemberDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public Task<MemberDto> Deactivate(Guid id, CancellationToken ct) => Mediator.Send(new DeactivateMemberCommand(id), ct);

    /// <summary>Reactivate a deactivated member (admins).</summary>
    [HttpPost("{id:guid}/reactivate", Name = "reactivateMember")]
    [Authorize(Policy = Policies.Admin)]
    [Consumes("application/json", IsOptional = true)]
    [ProducesResponseType<MemberDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public Task<MemberDto> Reactivate(Guid id, CancellationToken ct) => Mediator.Send(new ReactivateMemberCommand(id), ct);
}
