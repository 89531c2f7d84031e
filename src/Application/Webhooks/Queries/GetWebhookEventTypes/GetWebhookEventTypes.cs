using System.Text.Json;
using MediatR;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Webhooks.Payloads;
using VoiceTraining.Domain.Webhooks;

namespace VoiceTraining.Application.Webhooks.Queries.GetWebhookEventTypes;

/// <summary>The event types with the JSON Schema and an example of each payload.</summary>
public sealed record GetWebhookEventTypesQuery : IQuery<IReadOnlyList<WebhookEventTypeDto>>;

internal sealed class GetWebhookEventTypesQueryHandler(TimeProvider clock) : IRequestHandler<GetWebhookEventTypesQuery, IReadOnlyList<WebhookEventTypeDto>>
{
    private static IReadOnlyList<(WebhookEventCatalog.Entry Entry, JsonElement Schema)>? _schemas;

    public Task<IReadOnlyList<WebhookEventTypeDto>> Handle(GetWebhookEventTypesQuery request, CancellationToken cancellationToken)
    {
        _schemas ??= [.. WebhookEventCatalog.Entries.Select(e => (e, WebhookEventCatalog.SchemaOf(e)))];
        var now = new DateTimeOffset(clock.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero).AddHours(12);
        IReadOnlyList<WebhookEventTypeDto> result = [.. _schemas.Select(s => new WebhookEventTypeDto(
            s.Entry.Type, s.Entry.Description, WebhookEventTypes.IsSubscribable(s.Entry.Type), s.Schema,
            JsonSerializer.SerializeToElement(WebhookEventCatalog.Example(s.Entry.Type, Guid.Parse("0193a7e2-4b1c-7d2e-9f00-0000000000aa"), "Acme Corp", now), s.Entry.PayloadType, WebhookJson.Options)))];
        return Task.FromResult(result);
    }
}
