using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VoiceTraining.Api.Authentication;
using VoiceTraining.Application.Voice.Providers.Queries.GetVoiceProviders;

namespace VoiceTraining.Api.Controllers;

[Route("api/admin/voice-providers")]
[Tags("Voice")]
[Authorize(Policy = Policies.Admin)]
public sealed class VoiceProvidersController(IMediator mediator) : ApiControllerBase(mediator)
{
    /// <summary>
    /// Get the state of the voice pipeline's providers (admins): per provider its role (primary or
    /// fallback), health (from the periodic check and live calls), last check, last error and this
    /// instance's circuit breaker, and which provider a session starting now gets per kind.
    /// </summary>
    [HttpGet(Name = "getVoiceProviders")]
    [ProducesResponseType<VoiceProvidersDto>(StatusCodes.Status200OK)]
    public Task<VoiceProvidersDto> Get(CancellationToken ct) => Mediator.Send(new GetVoiceProvidersQuery(), ct);
}
