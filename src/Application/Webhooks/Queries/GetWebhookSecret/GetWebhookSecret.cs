using MediatR;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Common.Models;

namespace VoiceTraining.Application.Webhooks.Queries.GetWebhookSecret;

/// <summary>Reveals an endpoint's signing secret (and the previous one while it still signs).</summary>
public sealed record GetWebhookSecretQuery(Guid Id) : IQuery<WebhookSecretDto>;

internal sealed class GetWebhookSecretQueryHandler(IApplicationDbContext db, IWebhookSecrets secrets, TimeProvider clock)
    : IRequestHandler<GetWebhookSecretQuery, WebhookSecretDto>
{
    public async Task<WebhookSecretDto> Handle(GetWebhookSecretQuery request, CancellationToken cancellationToken)
    {
        var endpoint = await db.WebhookEndpoints.GetAsync(request.Id, cancellationToken);
        var previous = endpoint.ActivePreviousSecret(clock.GetUtcNow());
        return new WebhookSecretDto
        {
            Secret = secrets.Unprotect(endpoint.ProtectedSecret),
            PreviousSecret = previous is null ? null : secrets.TryUnprotect(previous),
            PreviousSecretExpiresAt = previous is null ? null : endpoint.PreviousSecretExpiresAt,
        };
    }
}
