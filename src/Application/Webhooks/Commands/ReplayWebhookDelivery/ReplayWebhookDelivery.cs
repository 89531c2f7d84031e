using AutoMapper;
using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Domain.Webhooks;

namespace VoiceTraining.Application.Webhooks.Commands.ReplayWebhookDelivery;

/// <summary>Sends a delivery again from the start of the retry schedule, with the same id and body.</summary>
public sealed record ReplayWebhookDeliveryCommand(Guid Id) : ICommand<WebhookDeliveryDto>;

internal sealed class ReplayWebhookDeliveryCommandHandler(IApplicationDbContext db, IAfterCommit afterCommit, IWebhookDispatcher dispatcher, TimeProvider clock, IMapper mapper)
    : IRequestHandler<ReplayWebhookDeliveryCommand, WebhookDeliveryDto>
{
    public async Task<WebhookDeliveryDto> Handle(ReplayWebhookDeliveryCommand request, CancellationToken cancellationToken)
    {
        var delivery = await db.WebhookDeliveries.SingleOrDefaultAsync(d => d.Id == request.Id, cancellationToken)
                       ?? throw new NotFoundException("WebhookDelivery", request.Id);
        if (delivery.Status == WebhookDeliveryStatus.Pending)
            throw new ConflictException("This delivery is still pending; it will be attempted on its schedule.");
        delivery.Requeue(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        afterCommit.Enqueue(dispatcher.Notify);
        return mapper.Map<WebhookDeliveryDto>(delivery);
    }
}
