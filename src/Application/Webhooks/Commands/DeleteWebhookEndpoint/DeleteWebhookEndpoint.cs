using MediatR;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Common.Models;

namespace VoiceTraining.Application.Webhooks.Commands.DeleteWebhookEndpoint;

/// <summary>Deletes an endpoint with its delivery log; pending deliveries to it are dropped.</summary>
public sealed record DeleteWebhookEndpointCommand(Guid Id) : ICommand<Unit>;

internal sealed class DeleteWebhookEndpointCommandHandler(IApplicationDbContext db) : IRequestHandler<DeleteWebhookEndpointCommand, Unit>
{
    public async Task<Unit> Handle(DeleteWebhookEndpointCommand request, CancellationToken cancellationToken)
    {
        var endpoint = await db.WebhookEndpoints.GetAsync(request.Id, cancellationToken);
        db.WebhookEndpoints.Remove(endpoint);
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
