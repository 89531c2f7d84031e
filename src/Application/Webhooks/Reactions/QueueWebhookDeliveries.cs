using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Webhooks.Payloads;
using VoiceTraining.Domain.Common;
using VoiceTraining.Domain.Webhooks;

namespace VoiceTraining.Application.Webhooks.Reactions;

/// <summary>
/// The transactional outbox of outbound webhooks: for each subscribable event saved, writes the
/// message (its exact body) and one delivery per enabled endpoint subscribed to its type, in the
/// same SaveChanges as the change that raised it. Nothing is sent here; the dispatcher, woken after
/// commit, does that.
/// </summary>
internal sealed class QueueWebhookDeliveries(IPublicUrls urls, IWebhookDispatcher dispatcher) : IDomainEventReaction
{
    public async Task<Action?> ReactAsync(IApplicationDbContext db, IReadOnlyList<DomainEvent> events, CancellationToken cancellationToken)
    {
        var queued = false;
        var builder = new WebhookPayloadBuilder(db, urls);
        foreach (var byOrg in events.Where(e => WebhookEventTypes.IsSubscribable(e.Type)).GroupBy(e => e.OrgId))
        {
            var orgId = byOrg.Key;
            var endpoints = await db.WebhookEndpoints.IgnoreQueryFilters()
                .Where(e => e.OrgId == orgId && e.Enabled)
                .Select(e => new { e.Id, e.Events })
                .ToListAsync(cancellationToken);
            foreach (var domainEvent in byOrg)
            {
                var id = Guid.CreateVersion7(domainEvent.OccurredAt);
                var payload = await builder.BuildAsync(domainEvent, id, cancellationToken);
                if (payload is null) continue;
                var message = new WebhookMessage(id, orgId, domainEvent.Type, WebhookJson.Serialize(payload), domainEvent.OccurredAt);
                db.WebhookMessages.Add(message);
                foreach (var endpoint in endpoints.Where(e => e.Events.Contains(domainEvent.Type)))
                {
                    db.WebhookDeliveries.Add(new WebhookDelivery(message, endpoint.Id, domainEvent.OccurredAt));
                    queued = true;
                }
            }
        }
        return queued ? dispatcher.Notify : null;
    }
}
