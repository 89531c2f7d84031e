using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Domain.Webhooks;

namespace VoiceTraining.Application.Webhooks.RestHooks.Commands.UnsubscribeRestHook;

/// <summary>DELETE /api/hooks/{id}: ends a REST-hook subscription.</summary>
public sealed record UnsubscribeRestHookCommand(Guid Id) : ICommand<Unit>;

internal sealed class UnsubscribeRestHookCommandHandler(IApplicationDbContext db) : IRequestHandler<UnsubscribeRestHookCommand, Unit>
{
    public async Task<Unit> Handle(UnsubscribeRestHookCommand request, CancellationToken cancellationToken)
    {
        var endpoint = await db.WebhookEndpoints.SingleOrDefaultAsync(e => e.Id == request.Id && e.Source == WebhookEndpointSource.RestHook, cancellationToken)
                       ?? throw new NotFoundException("RestHook", request.Id);
        db.WebhookEndpoints.Remove(endpoint);
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
