using System.Text.Json.Serialization;
using MediatR;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Domain.Webhooks;

namespace VoiceTraining.Application.Webhooks.RestHooks.Commands.SubscribeRestHook;

// Zapier-style REST hooks: an automation platform subscribes a target URL to one event, gets an
// id back, and unsubscribes with it. A subscription is an ordinary endpoint (source rest_hook),
// so it is signed, retried and logged like any other.

/// <summary>POST /api/hooks body, in the REST-hook convention's snake_case.</summary>
public sealed record SubscribeRestHookCommand : ICommand<RestHookDto>
{
    [JsonPropertyName("target_url")]
    public string TargetUrl { get; init; } = "";
    [JsonPropertyName("event")]
    public string Event { get; init; } = "";
}

internal sealed class SubscribeRestHookCommandHandler(
    IApplicationDbContext db, ICurrentUser user, IWebhookSecrets secrets, IWebhookUrlPolicy urls, Billing.Entitlements entitlements, TimeProvider clock)
    : IRequestHandler<SubscribeRestHookCommand, RestHookDto>
{
    public async Task<RestHookDto> Handle(SubscribeRestHookCommand request, CancellationToken cancellationToken)
    {
        await entitlements.EnsureFeatureAsync(user.RequireOrgId(), Billing.Plans.PlanFeatures.Webhooks, cancellationToken);
        if (await urls.WhyRefusedAsync(request.TargetUrl, cancellationToken) is { } reason) throw new ValidationException("target_url", reason);
        var secret = secrets.Generate();
        var endpoint = new WebhookEndpoint(user.RequireOrgId(), $"REST hook: {request.Event}", request.TargetUrl, [request.Event], true,
            WebhookEndpointSource.RestHook, secret.Protected, secret.Hint, user.MemberId, clock.GetUtcNow());
        db.WebhookEndpoints.Add(endpoint);
        await db.SaveChangesAsync(cancellationToken);
        return new RestHookDto(endpoint.Id, endpoint.Url, request.Event);
    }
}
