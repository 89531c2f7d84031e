using AutoMapper;
using FluentValidation;
using MediatR;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Common.Models;
using VoiceTraining.Domain.Webhooks;

namespace VoiceTraining.Application.Webhooks.Queries.GetWebhookDeliveries;

/// <summary>The delivery log, newest first: per endpoint, per event, by status or event type.</summary>
public sealed record GetWebhookDeliveriesQuery : IQuery<PagedResult<WebhookDeliveryDto>>, IPagedQuery
{
    public Guid? EndpointId { get; init; }
    public Guid? EventId { get; init; }
    public WebhookDeliveryStatus? Status { get; init; }
    public string? EventType { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = Paging.DefaultPageSize;
}

public sealed class GetWebhookDeliveriesQueryValidator : AbstractValidator<GetWebhookDeliveriesQuery>
{
    public GetWebhookDeliveriesQueryValidator()
    {
        this.AddPagingRules();
        RuleFor(q => q.EventType).MaximumLength(64);
    }
}

internal sealed class GetWebhookDeliveriesQueryHandler(IApplicationDbContext db, IMapper mapper)
    : IRequestHandler<GetWebhookDeliveriesQuery, PagedResult<WebhookDeliveryDto>>
{
    public Task<PagedResult<WebhookDeliveryDto>> Handle(GetWebhookDeliveriesQuery request, CancellationToken cancellationToken)
    {
        IQueryable<WebhookDelivery> query = db.WebhookDeliveries;
        if (request.EndpointId is { } endpointId) query = query.Where(d => d.EndpointId == endpointId);
        if (request.EventId is { } eventId) query = query.Where(d => d.MessageId == eventId);
        if (request.Status is { } status) query = query.Where(d => d.Status == status);
        if (!string.IsNullOrWhiteSpace(request.EventType)) query = query.Where(d => d.EventType == request.EventType);
        query = query.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id);
        return query.ToPageAsync<WebhookDelivery, WebhookDeliveryDto>(mapper.ConfigurationProvider, request, cancellationToken);
    }
}
