using MediatR;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Common.Models;

namespace VoiceTraining.Application.Webhooks.Commands.RotateWebhookSecret;

/// <summary>Replaces an endpoint's secret. For 24 hours deliveries are signed with both the new and the previous secret.</summary>
public sealed record RotateWebhookSecretCommand(Guid Id) : ICommand<WebhookSecretDto>;

internal sealed class RotateWebhookSecretCommandHandler(IApplicationDbContext db, IWebhookSecrets secrets, TimeProvider clock)
    : IRequestHandler<RotateWebhookSecretCommand, WebhookSecretDto>
{
    public async Task<WebhookSecretDto> Handle(RotateWebhookSecretCommand request, CancellationToken cancellationToken)
    {
        var endpoint = await db.WebhookEndpoints.GetAsync(request.Id, cancellationToken);
        var current = secrets.TryUnprotect(endpoint.ProtectedSecret);
        var secret = secrets.Generate();
        endpoint.RotateSecret(secret.Protected, secret.Hint, clock.GetUtcNow(), keepPrevious: current is not null);
        await db.SaveChangesAsync(cancellationToken);
        return new WebhookSecretDto
        {
            Secret = secret.Secret,
            PreviousSecret = current,
            PreviousSecretExpiresAt = current is null ? null : endpoint.PreviousSecretExpiresAt,
        };
    }
}
