using System.Text.Json;
using AutoMapper;
using FluentValidation;
using VoiceTraining.Domain.Common;
using VoiceTraining.Domain.Webhooks;

namespace VoiceTraining.Application.Webhooks;

/// <summary>A webhook endpoint as admins see it (the secret itself only through its own endpoint).</summary>
public sealed record WebhookEndpointDto
{
    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    public string Url { get; init; } = "";
    public IReadOnlyList<string> Events { get; init; } = [];
    public bool Enabled { get; init; }
    /// <summary>settings (made on the settings page) or rest_hook (a Zapier-style subscription).</summary>
    public WebhookEndpointSource Source { get; init; }
    /// <summary>The secret's last four characters, e.g. "…k9Q=".</summary>
    public string SecretHint { get; init; } = "";
    /// <summary>Since when every delivery has failed; null while healthy.</summary>
    public DateTimeOffset? FailingSince { get; init; }
    public DateTimeOffset? DisabledAt { get; init; }
    public string? DisabledReason { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>A new endpoint, with its signing secret.</summary>
public sealed record WebhookEndpointCreatedDto
{
    public required WebhookEndpointDto Endpoint { get; init; }
    /// <summary>"whsec_…": verify deliveries with it (see docs/webhooks.md).</summary>
    public required string Secret { get; init; }
}

/// <summary>An endpoint's signing secret(s).</summary>
public sealed record WebhookSecretDto
{
    public required string Secret { get; init; }
    /// <summary>After a rotation, the previous secret, which also signs until <see cref="PreviousSecretExpiresAt"/>.</summary>
    public string? PreviousSecret { get; init; }
    public DateTimeOffset? PreviousSecretExpiresAt { get; init; }
}

/// <summary>One event on its way to one endpoint.</summary>
public sealed record WebhookDeliveryDto
{
    public Guid Id { get; init; }
    public Guid EndpointId { get; init; }
    /// <summary>The event (message) id: the payload's idempotency_key and the X-Webhook-Id header.</summary>
    public Guid EventId { get; init; }
    public string EventType { get; init; } = "";
    public WebhookDeliveryStatus Status { get; init; }
    public int AttemptCount { get; init; }
    /// <summary>When the next attempt is due, while pending.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }
    public DateTimeOffset? LastAttemptAt { get; init; }
    public int? LastStatusCode { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
}

/// <summary>One HTTP attempt in the delivery log.</summary>
public sealed record WebhookDeliveryAttemptDto
{
    public Guid Id { get; init; }
    public int AttemptNumber { get; init; }
    public DateTimeOffset AttemptedAt { get; init; }
    public bool Succeeded { get; init; }
    public int? StatusCode { get; init; }
    public int DurationMs { get; init; }
    public string? Error { get; init; }
    /// <summary>The start of the receiver's answer (at most 4 KB).</summary>
    public string? ResponseBody { get; init; }
}

/// <summary>A delivery with its body and every attempt.</summary>
public sealed record WebhookDeliveryDetailDto
{
    public required WebhookDeliveryDto Delivery { get; init; }
    /// <summary>The exact JSON body sent.</summary>
    public required JsonElement Payload { get; init; }
    public required IReadOnlyList<WebhookDeliveryAttemptDto> Attempts { get; init; }
}

/// <summary>The result of "send test".</summary>
public sealed record WebhookTestResultDto
{
    public bool Success { get; init; }
    public int? StatusCode { get; init; }
    public int DurationMs { get; init; }
    public string? Error { get; init; }
    public string? ResponseBody { get; init; }
    public required WebhookDeliveryDto Delivery { get; init; }
}

/// <summary>An event that happened, as sent to subscribers.</summary>
public sealed record WebhookEventDto
{
    public Guid Id { get; init; }
    public string EventType { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public int DeliveryCount { get; init; }
}

/// <summary>An event type with its payload's JSON Schema and an example; <c>subscribable</c> is false for webhook.test, which only "send test" sends.</summary>
public sealed record WebhookEventTypeDto(string Type, string Description, bool Subscribable, JsonElement Schema, JsonElement Example);

public sealed record ReplayResultDto(int Requeued);

public sealed class WebhookMappingProfile : Profile
{
    public WebhookMappingProfile()
    {
        CreateMap<WebhookEndpoint, WebhookEndpointDto>();
        CreateMap<WebhookDelivery, WebhookDeliveryDto>()
            .ForMember(d => d.EventId, o => o.MapFrom(s => s.MessageId))
            .ForMember(d => d.NextAttemptAt, o => o.MapFrom(s => s.Status == WebhookDeliveryStatus.Pending ? s.NextAttemptAt : (DateTimeOffset?)null));
        CreateMap<WebhookDeliveryAttempt, WebhookDeliveryAttemptDto>();
        CreateMap<WebhookMessage, WebhookEventDto>().ForMember(d => d.DeliveryCount, o => o.Ignore());
    }
}

/// <summary>Fields shared by creating and updating an endpoint.</summary>
public interface IWebhookEndpointFields
{
    string Name { get; }
    string Url { get; }
    IReadOnlyList<string> Events { get; }
}

internal static class WebhookRules
{
    public static void AddEndpointFieldRules<T>(this AbstractValidator<T> v) where T : IWebhookEndpointFields
    {
        v.RuleFor(x => x.Name).NotEmpty().MaximumLength(Limits.Name);
        v.RuleFor(x => x.Url).NotEmpty().MaximumLength(Limits.Url);
        v.RuleFor(x => x.Events).NotEmpty().WithMessage("Choose at least one event.");
        v.RuleForEach(x => x.Events).Must(WebhookEventTypes.IsSubscribable)
            .WithMessage((_, type) => $"'{type}' is not an event type. Use one of: {string.Join(", ", WebhookEventTypes.All)}.");
    }
}
