using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Webhooks.Payloads;
using VoiceTraining.Domain.Common;
using VoiceTraining.Domain.Webhooks;
using VoiceTraining.Infrastructure.Data;

namespace VoiceTraining.Infrastructure.Webhooks.Outbound;

/// <summary>
/// The transactional outbox of outbound webhooks: for each subscribable event saved, writes the
/// message (its exact body) and one delivery per enabled endpoint subscribed to its type, in the
/// same SaveChanges as the change that raised it. Nothing is sent here; the dispatcher does that
/// once the transaction has committed.
/// </summary>
internal sealed class WebhookOutboxStager(IPublicUrls urls, IWebhookDispatcher dispatcher, IServiceProvider scope) : IDomainEventStager
{
    private bool _staged;

    public async Task StageAsync(ApplicationDbContext db, IReadOnlyList<DomainEvent> events, CancellationToken cancellationToken)
    {
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
                    _staged = true;
                }
            }
        }
    }

    public void Saved(ApplicationDbContext db)
    {
        if (!_staged) return;
        _staged = false;
        // Wake the worker once the rows are visible: now, or when the surrounding transaction commits.
        scope.GetRequiredService<IAfterCommit>().Enqueue(dispatcher.Notify);
    }
}
