using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Common.Models;

namespace VoiceTraining.Application.ApiKeys.Queries.GetApiKeys;

public sealed record GetApiKeysQuery : IQuery<PagedResult<ApiKeyDto>>, IPagedQuery
{
    public bool IncludeRevoked { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = Paging.DefaultPageSize;
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
