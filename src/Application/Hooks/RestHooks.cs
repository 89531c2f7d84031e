using System.Text.Json;
using System.Text.Json.Serialization;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Common.Models;
using VoiceTraining.Application.Webhooks.Payloads;
using VoiceTraining.Domain.Webhooks;

namespace VoiceTraining.Application.Hooks;

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

public sealed record RestHookDto(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("target_url")] string TargetUrl,
    [property: JsonPropertyName("event")] string Event);

public sealed class SubscribeRestHookCommandValidator : AbstractValidator<SubscribeRestHookCommand>
{
    public SubscribeRestHookCommandValidator()
    {
        RuleFor(x => x.TargetUrl).NotEmpty().MaximumLength(Domain.Common.Limits.Url).OverridePropertyName("target_url");
        RuleFor(x => x.Event).Must(WebhookEventTypes.IsSubscribable).OverridePropertyName("event")
            .WithMessage(x => $"'{x.Event}' is not an event type. Use one of: {string.Join(", ", WebhookEventTypes.All)}.");
    }
}

internal sealed class SubscribeRestHookCommandHandler(
    IApplicationDbContext db, ICurrentUser user, IWebhookSecrets secrets, IWebhookUrlPolicy urls, Billing.Entitlements entitlements, TimeProvider clock)
    : IRequestHandler<SubscribeRestHookCommand, RestHookDto>
{
    public async Task<RestHookDto> Handle(SubscribeRestHookCommand request, CancellationToken cancellationToken)
    {
        await entitlements.EnsureFeatureAsync(user.RequireOrgId(), Billing.Plans.PlanFeatures.Webhooks, cancellationToken);
        if (await urls.WhyRefusedAsync(request.TargetUrl, cancellationToken) is { } reason) throw new Common.Exceptions.ValidationException("target_url", reason);
        var secret = secrets.Generate();
        var endpoint = new WebhookEndpoint(user.RequireOrgId(), $"REST hook: {request.Event}", request.TargetUrl, [request.Event], true,
            WebhookEndpointSource.RestHook, secret.Protected, secret.Hint, user.MemberId, clock.GetUtcNow());
        db.WebhookEndpoints.Add(endpoint);
        await db.SaveChangesAsync(cancellationToken);
        return new RestHookDto(endpoint.Id, endpoint.Url, request.Event);
    }
}

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

/// <summary>
/// GET /api/hooks/samples/{event}: the organization's most recent real payloads of that type
/// (newest first), or one example when there are none yet, in exactly the webhook schema.
/// </summary>
public sealed record GetHookSamplesQuery(string Event) : IQuery<IReadOnlyList<JsonElement>>;

internal sealed class GetHookSamplesQueryHandler(IApplicationDbContext db, ICurrentUser user, TimeProvider clock)
    : IRequestHandler<GetHookSamplesQuery, IReadOnlyList<JsonElement>>
{
    private const int SampleCount = 3;

    public async Task<IReadOnlyList<JsonElement>> Handle(GetHookSamplesQuery request, CancellationToken cancellationToken)
    {
        if (!WebhookEventTypes.IsSubscribable(request.Event)) throw new NotFoundException("EventType", request.Event);
        var recent = await db.WebhookMessages.Where(m => m.EventType == request.Event)
            .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Take(SampleCount)
            .Select(m => m.Payload).ToListAsync(cancellationToken);
        if (recent.Count > 0) return [.. recent.Select(Parse)];

        var orgId = user.RequireOrgId();
        var org = await db.Organizations.SingleAsync(o => o.Id == orgId, cancellationToken);
        var example = WebhookEventCatalog.Example(request.Event, org.Id, org.Name, clock.GetUtcNow());
        return [JsonSerializer.SerializeToElement(example, example.GetType(), WebhookJson.Options)];
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
