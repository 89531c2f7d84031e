using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VoiceTraining.Api.Authentication;
using VoiceTraining.Application.Organizations;
using VoiceTraining.Application.Organizations.Commands.UpdateOrganization;
using VoiceTraining.Application.Organizations.Queries.GetCurrentOrganization;

namespace VoiceTraining.Api.Controllers;

[Route("api/organization")]
[Tags("Organization")]
public sealed class OrganizationController(IMediator mediator) : ApiControllerBase(mediator)
{
    /// <summary>Get the caller's organization.</summary>
    [HttpGet(Name = "getOrganization")]
    [ProducesResponseType<OrganizationDto>(StatusCodes.Status200OK)]
    public Task<OrganizationDto> Get(CancellationToken ct) => Mediator.Send(new GetCurrentOrganizationQuery(), ct);

    /// <summary>Rename the caller's organization (admins).</summary>
    [HttpPut(Name = "updateOrganization")]
    [Authorize(Policy = Policies.Admin)]
    [ProducesResponseType<OrganizationDto>(StatusCodes.Status200OK)]
    public Task<OrganizationDto> Update(UpdateOrganizationCommand command, CancellationToken ct) => Mediator.Send(command, ct);
}
