using AutoMapper;
using FluentValidation;
using MediatR;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Common.Models;
using VoiceTraining.Domain.Webhooks;

namespace VoiceTraining.Application.Webhooks.Queries.GetWebhookEndpoints;

public sealed record GetWebhookEndpointsQuery : IQuery<PagedResult<WebhookEndpointDto>>, IPagedQuery
{
    public WebhookEndpointSource? Source { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = Paging.DefaultPageSize;
}

public sealed class GetWebhookEndpointsQueryValidator : AbstractValidator<GetWebhookEndpointsQuery>
{
    public GetWebhookEndpointsQueryValidator() => this.AddPagingRules();
}

internal sealed class GetWebhookEndpointsQueryHandler(IApplicationDbContext db, IMapper mapper)
    : IRequestHandler<GetWebhookEndpointsQuery, PagedResult<WebhookEndpointDto>>
{
    public Task<PagedResult<WebhookEndpointDto>> Handle(GetWebhookEndpointsQuery request, CancellationToken cancellationToken)
    {
        IQueryable<WebhookEndpoint> query = db.WebhookEndpoints;
        if (request.Source is { } source) query = query.Where(e => e.Source == source);
        query = query.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id);
        return query.ToPageAsync<WebhookEndpoint, WebhookEndpointDto>(mapper.ConfigurationProvider, request, cancellationToken);
    }
}
