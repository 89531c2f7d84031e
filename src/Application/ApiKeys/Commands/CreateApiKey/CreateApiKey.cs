using MediatR;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Domain.Integrations;

namespace VoiceTraining.Application.ApiKeys.Commands.CreateApiKey;

/// <summary>Creates an API key for the organization (admins, signed in as a person).</summary>
public sealed record CreateApiKeyCommand : ICommand<ApiKeyCreatedDto>
{
    public string Name { get; init; } = "";
    /// <summary>"read" (GET only) and/or "write" (also POST, PUT, PATCH, DELETE; includes read).</summary>
    public IReadOnlyList<string> Scopes { get; init; } = [ApiKeyScopes.Read];
}

internal sealed class CreateApiKeyCommandHandler(IApplicationDbContext db, ICurrentUser user, IApiKeyGenerator keys, Billing.Entitlements entitlements, TimeProvider clock)
    : IRequestHandler<CreateApiKeyCommand, ApiKeyCreatedDto>
{
    public async Task<ApiKeyCreatedDto> Handle(CreateApiKeyCommand request, CancellationToken cancellationToken)
    {
        await entitlements.EnsureFeatureAsync(user.RequireOrgId(), Billing.Plans.PlanFeatures.ApiAccess, cancellationToken);
        var generated = keys.Generate();
        var key = new ApiKey(user.RequireOrgId(), request.Name, generated.Prefix, generated.Hash, request.Scopes, user.RequireMemberId(), clock.GetUtcNow());
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return new ApiKeyCreatedDto { ApiKey = ApiKeyMapping.ToDto(key), Key = generated.Key };
    }
}
