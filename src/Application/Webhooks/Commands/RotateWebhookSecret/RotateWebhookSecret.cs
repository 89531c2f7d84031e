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
        var secret = secrets.Generate();
        endpoint.RotateSecret(secret.Protected, secret.Hint, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return new WebhookSecretDto
        {
            Secret = secret.Secret,
            // An old secret that can no longer be read is not shown (rotating is how such an endpoint recovers).
            PreviousSecret = secrets.TryUnprotect(endpoint.PreviousProtectedSecret!),
            PreviousSecretExpiresAt = endpoint.PreviousSecretExpiresAt,
        };
    }
}
