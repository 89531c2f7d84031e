using System.Text.Json;
using AutoMapper;
using AutoMapper.QueryableExtensions;
using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;

namespace VoiceTraining.Application.Webhooks.Queries.GetWebhookDelivery;

/// <summary>One delivery with the body it sends and every attempt made.</summary>
public sealed record GetWebhookDeliveryQuery(Guid Id) : IQuery<WebhookDeliveryDetailDto>;

internal sealed class GetWebhookDeliveryQueryHandler(IApplicationDbContext db, IMapper mapper)
    : IRequestHandler<GetWebhookDeliveryQuery, WebhookDeliveryDetailDto>
{
    public async Task<WebhookDeliveryDetailDto> Handle(GetWebhookDeliveryQuery request, CancellationToken cancellationToken)
    {
        var delivery = await db.WebhookDeliveries.Where(d => d.Id == request.Id)
                           .ProjectTo<WebhookDeliveryDto>(mapper.ConfigurationProvider).SingleOrDefaultAsync(cancellationToken)
                       ?? throw new NotFoundException("WebhookDelivery", request.Id);
        var payload = await db.WebhookMessages.Where(m => m.Id == delivery.EventId).Select(m => m.Payload).SingleAsync(cancellationToken);
        var attempts = await db.WebhookDeliveryAttempts.Where(a => a.DeliveryId == delivery.Id)
            .OrderBy(a => a.AttemptNumber).ThenBy(a => a.Id)
            .ProjectTo<WebhookDeliveryAttemptDto>(mapper.ConfigurationProvider).ToListAsync(cancellationToken);
        using var json = JsonDocument.Parse(payload);
        return new WebhookDeliveryDetailDto { Delivery = delivery, Payload = json.RootElement.Clone(), Attempts = attempts };
    }
}
