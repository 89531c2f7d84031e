using Microsoft.Extensions.DependencyInjection;
using VoiceTraining.Application.Billing;
using VoiceTraining.Application.Billing.Plans;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Email;
using VoiceTraining.Domain.Common;
using VoiceTraining.Infrastructure.Data;

namespace VoiceTraining.Infrastructure.Email;

/// <summary>
/// The email outbox: the emails the saved domain events cause (<see cref="EmailComposer"/>) are
/// written in the same SaveChanges, so they exist exactly when the change does. Nothing is sent
/// here; the sender is woken once the transaction has committed.
/// </summary>
internal sealed class EmailOutboxStager(
    IPublicUrls urls, IAttemptReplyAddresses replies, IUnsubscribeTokens unsubscribe, PlanCatalogue plans, BillingOptions billing,
    IEmailOutboxSignal signal, IServiceProvider scope) : IDomainEventStager
{
    private bool _staged;

    public async Task StageAsync(ApplicationDbContext db, IReadOnlyList<DomainEvent> events, CancellationToken cancellationToken)
    {
        var emails = await new EmailComposer(db, urls, replies, unsubscribe, plans, billing).ComposeAsync(events, cancellationToken);
        if (emails.Count == 0) return;
        db.EmailMessages.AddRange(emails);
        _staged = true;
    }

    public void Saved(ApplicationDbContext db)
    {
        if (!_staged) return;
        _staged = false;
        // Wake the worker once the rows are visible: now, or when the surrounding transaction commits.
        scope.GetRequiredService<IAfterCommit>().Enqueue(signal.Notify);
    }
}
