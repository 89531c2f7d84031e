using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Common.Models;
using VoiceTraining.Domain.Common;
using VoiceTraining.Domain.Integrations;

namespace VoiceTraining.Application.ApiKeys;

/// <summary>An API key as listed (never the key itself).</summary>
public sealed record ApiKeyDto
{
    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    /// <summary>The key's first characters, e.g. "vtk_1a2b3c4d".</summary>
    public string Prefix { get; init; } = "";
    public IReadOnlyList<string> Scopes { get; init; } = [];
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? LastUsedAt { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }
}

/// <summary>A new key: shown this once.</summary>
public sealed record ApiKeyCreatedDto
{
    public required ApiKeyDto ApiKey { get; init; }
    /// <summary>Send as "Authorization: Bearer &lt;key&gt;" or "X-Api-Key: &lt;key&gt;". It cannot be shown again.</summary>
    public required string Key { get; init; }
}

internal static class ApiKeyMapping
{
    public static ApiKeyDto ToDto(ApiKey k) => new()
    {
        Id = k.Id, Name = k.Name, Prefix = k.Prefix, Scopes = k.Scopes, CreatedAt = k.CreatedAt, LastUsedAt = k.LastUsedAt, RevokedAt = k.RevokedAt,
    };
}

/// <summary>Creates an API key for the organization (admins, signed in as a person).</summary>
public sealed record CreateApiKeyCommand : ICommand<ApiKeyCreatedDto>
{
    public string Name { get; init; } = "";
    /// <summary>"read" (GET only) and/or "write" (also POST, PUT, PATCH, DELETE; includes read).</summary>
    public IReadOnlyList<string> Scopes { get; init; } = [ApiKeyScopes.Read];
}

public sealed class CreateApiKeyCommandValidator : AbstractValidator<CreateApiKeyCommand>
{
    public CreateApiKeyCommandValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(Limits.Name);
        RuleFor(x => x.Scopes).NotEmpty();
        RuleForEach(x => x.Scopes).Must(s => ApiKeyScopes.All.Contains(s)).WithMessage((_, s) => $"'{s}' is not a scope. Use read or write.");
    }
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

/// <summary>Revokes a key: it stops working at once.</summary>
public sealed record RevokeApiKeyCommand(Guid Id) : ICommand<ApiKeyDto>;

internal sealed class RevokeApiKeyCommandHandler(IApplicationDbContext db, TimeProvider clock) : IRequestHandler<RevokeApiKeyCommand, ApiKeyDto>
{
    public async Task<ApiKeyDto> Handle(RevokeApiKeyCommand request, CancellationToken cancellationToken)
    {
        var key = await db.ApiKeys.GetAsync(request.Id, cancellationToken);
        key.Revoke(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return ApiKeyMapping.ToDto(key);
    }
}

public sealed record GetApiKeysQuery : IQuery<PagedResult<ApiKeyDto>>, IPagedQuery
{
    public bool IncludeRevoked { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = Paging.DefaultPageSize;
}

public sealed class GetApiKeysQueryValidator : AbstractValidator<GetApiKeysQuery>
{
    public GetApiKeysQueryValidator() => this.AddPagingRules();
}

internal sealed class GetApiKeysQueryHandler(IApplicationDbContext db) : IRequestHandler<GetApiKeysQuery, PagedResult<ApiKeyDto>>
{
    public async Task<PagedResult<ApiKeyDto>> Handle(GetApiKeysQuery request, CancellationToken cancellationToken)
    {
        var query = db.ApiKeys.AsNoTracking();
        if (!request.IncludeRevoked) query = query.Where(k => k.RevokedAt == null);
        var total = await query.CountAsync(cancellationToken);
        var keys = await query.OrderByDescending(k => k.CreatedAt).ThenByDescending(k => k.Id)
            .Skip((request.Page - 1) * request.PageSize).Take(request.PageSize).ToListAsync(cancellationToken);
        return new PagedResult<ApiKeyDto>([.. keys.Select(ApiKeyMapping.ToDto)], request.Page, request.PageSize, total);
    }
}
