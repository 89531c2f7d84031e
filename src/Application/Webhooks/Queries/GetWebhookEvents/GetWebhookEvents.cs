using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Common.Models;

namespace VoiceTraining.Application.Webhooks.Queries.GetWebhookEvents;

/// <summary>Events that happened in the organization (newest first), with how many deliveries each made.</summary>
public sealed record GetWebhookEventsQuery : IQuery<PagedResult<WebhookEventDto>>, IPagedQuery
{
    public string? EventType { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = Paging.DefaultPageSize;
}

public sealed class GetWebhookEventsQueryValidator : AbstractValidator<GetWebhookEventsQuery>
{
    public GetWebhookEventsQueryValidator()
    {
        this.AddPagingRules();
        RuleFor(q => q.EventType).MaximumLength(64);
    }
}

internal sealed class GetWebhookEventsQueryHandler(IApplicationDbContext db) : IRequestHandler<GetWebhookEventsQuery, PagedResult<WebhookEventDto>>
{
    public async Task<PagedResult<WebhookEventDto>> Handle(GetWebhookEventsQuery request, CancellationToken cancellationToken)
    {
        var query = db.WebhookMessages.AsQueryable();
        if (!string.IsNullOrWhiteSpace(request.EventType)) query = query.Where(m => m.EventType == request.EventType);
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
            .Skip((request.Page - 1) * request.PageSize).Take(request.PageSize)
            .Select(m => new WebhookEventDto
            {
                Id = m.Id,
                EventType = m.EventType,
                CreatedAt = m.CreatedAt,
                DeliveryCount = db.WebhookDeliveries.Count(d => d.MessageId == m.Id),
            })
            .ToListAsync(cancellationToken);
        return new PagedResult<WebhookEventDto>(items, request.Page, request.PageSize, total);
    }
}
