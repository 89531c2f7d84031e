using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Domain.Email;
using VoiceTraining.Infrastructure.Email;

namespace VoiceTraining.Api.IntegrationTests.Email;

/// <summary>
/// The API with email in local mode (no provider keys), the background workers off (tests send
/// the outbox themselves with <see cref="SendDueAsync"/>), on a clock the tests move, with reply
/// addresses on reply.example.test and Stripe's webhook secret (billing events cause emails).
/// </summary>
public class EmailFixture : ApiFixture
{
    public const string ReplyDomain = "reply.example.test";
    public const string StripeWebhookSecret = "whsec_test_email_0123456789";
    public const string StarterPrice = "price_starter_email_test";

    private readonly ManualClock _clock = new();

    public override TimeProvider? Clock => _clock;
    public ManualClock ManualClock => _clock;

    protected override void Configure(IDictionary<string, string?> settings)
    {
        settings["Email:ReplyDomain"] = ReplyDomain;
        settings["STRIPE_WEBHOOK_SECRET"] = StripeWebhookSecret;
        settings["NEXT_PUBLIC_STRIPE_PRICE_STARTER"] = StarterPrice;
        settings["Webhooks:AllowPrivateNetworks"] = "true";
    }

    /// <summary>The outbox's claims under the daily cap, as the email worker uses them.</summary>
    internal EmailOutboxClaims Claims => Factory.Services.GetRequiredService<EmailOutboxClaims>();

    /// <summary>The email job, as the email worker runs it.</summary>
    internal EmailSendJob SendJob => Factory.Services.GetRequiredService<EmailSendJob>();

    internal DigestScheduler Digests => Factory.Services.GetRequiredService<DigestScheduler>();

    /// <summary>
    /// Sends every email due now with the worker's pieces, one batch at a time (claim, send each,
    /// settle the batch), on the test's clock; returns how many were claimed.
    /// </summary>
    public async Task<int> SendDueAsync()
    {
        var batchSize = Factory.Services.GetRequiredService<EmailSettings>().BatchSize;
        var total = 0;
        for (var round = 0; round < 50; round++)
        {
            var batch = await Claims.ClaimAsync(batchSize, CancellationToken.None);
            if (batch.Count == 0) return total;
            var outcomes = new List<EmailOutcome>();
            foreach (var claimed in batch) outcomes.Add(await SendJob.HandleAsync(claimed, CancellationToken.None));
            await SendJob.SettleAsync(outcomes, CancellationToken.None);
            total += batch.Count;
        }
        throw new InvalidOperationException("The outbox did not drain in 50 rounds.");
    }

    /// <summary>The outbox's emails to an address, oldest first.</summary>
    public Task<List<EmailMessage>> EmailsToAsync(string address) =>
        WithDbAsync(db => db.EmailMessages.AsNoTracking().Where(e => e.ToAddress == address).OrderBy(e => e.CreatedAt).ThenBy(e => e.Id).ToListAsync());

    public Task<List<EmailMessage>> EmailsAsync(Guid orgId, string template) =>
        WithDbAsync(db => db.EmailMessages.AsNoTracking().Where(e => e.OrgId == orgId && e.Template == template).OrderBy(e => e.CreatedAt).ThenBy(e => e.Id).ToListAsync());

    public Task<EmailMessage> EmailAsync(Guid id) => WithDbAsync(db => db.EmailMessages.AsNoTracking().SingleAsync(e => e.Id == id));

    /// <summary>Marks every unsent email as sent two days ago, so a test starts with an empty queue and a fresh daily cap.</summary>
    public Task ClearOutboxAsync() =>
        WithDbAsync(db => db.Database.ExecuteSqlAsync(
            $"UPDATE email_messages SET status = 'Sent', sent_at = {ManualClock.GetUtcNow().AddDays(-2)}, lease_token = NULL WHERE status <> 'Sent' OR sent_at > {ManualClock.GetUtcNow().AddDays(-2)}"));
}
