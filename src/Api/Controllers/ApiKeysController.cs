using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VoiceTraining.Api.Authentication;
using VoiceTraining.Application.ApiKeys;
using VoiceTraining.Application.ApiKeys.Commands.CreateApiKey;
using VoiceTraining.Application.ApiKeys.Commands.RevokeApiKey;
using VoiceTraining.Application.ApiKeys.Queries.GetApiKeys;
using VoiceTraining.Application.Common.Models;

namespace VoiceTraining.Api.Controllers;

/// <summary>API keys for integrations (admins, signed in as a person: a key cannot manage keys).</summary>
[Route("api/api-keys")]
[Tags("API keys")]
[Authorize(Policy = Policies.Admin)]
[PeopleOnly]
public sealed class ApiKeysController(IMediator mediator) : ApiControllerBase(mediator)
{
    /// <summary>List the organization's API keys (never the keys themselves).</summary>
    [HttpGet(Name = "listApiKeys")]
    [ProducesResponseType<PagedResult<ApiKeyDto>>(StatusCodes.Status200OK)]
    public Task<PagedResult<ApiKeyDto>> List([FromQuery] GetApiKeysQuery query, CancellationToken ct) => Mediator.Send(query, ct);

    /// <summary>Create a key; the answer holds the key, which is not shown again.</summary>
    [HttpPost(Name = "createApiKey")]
    [ProducesResponseType<ApiKeyCreatedDto>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<ActionResult<ApiKeyCreatedDto>> Create(CreateApiKeyCommand command, CancellationToken ct)
    {
        var created = await Mediator.Send(command, ct);
        return Created($"/api/api-keys/{created.ApiKey.Id}", created);
    }

    /// <summary>Revoke a key; it stops working at once.</summary>
    [HttpDelete("{id:guid}", Name = "revokeApiKey")]
    [ProducesResponseType<ApiKeyDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public Task<ApiKeyDto> Revoke(Guid id, CancellationToken ct) => Mediator.Send(new RevokeApiKeyCommand(id), ct);
}
