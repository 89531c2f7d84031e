using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VoiceTraining.Api.Authentication;

namespace VoiceTraining.Api.Controllers;

/// <summary>
/// Base of the resource controllers: JSON in and out, a member of an organization required by
/// default, and one command or query per action.
/// </summary>
[ApiController]
[Produces("application/json")]
[Consumes("application/json")]
[Authorize(Policy = Policies.Member)]
public abstract class ApiControllerBase(IMediator mediator) : ControllerBase
{
    protected IMediator Mediator => mediator;
}
