using VoiceTraining.Application.Billing;
using VoiceTraining.Application.Billing.Plans;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Domain.Common;

namespace VoiceTraining.Application.Email.Reactions;

/// <summary>
/// The email outbox: the emails the saved domain events cause (<see cref="EmailComposer"/>) are
/// written in the same SaveChanges, so they exist exactly when the change does. Nothing is sent
/// here; the sender, woken after commit, does that.
/// </summary>
internal sealed class QueueEmails(
    IPublicUrls urls, IAttemptReplyAddresses replies, IUnsubscribeTokens unsubscribe, PlanCatalogue plans, BillingOptions billing,
    IEmailOutboxSignal signal) : IDomainEventReaction
{
    public async Task<Action?> ReactAsync(IApplicationDbContext db, IReadOnlyList<DomainEvent> events, CancellationToken cancellationToken)
    {
        var emails = await new EmailComposer(db, urls, replies, unsubscribe, plans, billing).ComposeAsync(events, cancellationToken);
        if (emails.Count == 0) return null;
        db.EmailMessages.AddRange(emails);
        return signal.Notify;
    }
}
