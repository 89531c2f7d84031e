using System.Text.Json;
using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Webhooks.Payloads;
using VoiceTraining.Domain.Webhooks;

namespace VoiceTraining.Application.Webhooks.RestHooks.Queries.GetHookSamples;

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
