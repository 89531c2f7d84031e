using Microsoft.Extensions.DependencyInjection;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Email.Commands.QueueAccountEmail;
using VoiceTraining.Domain.Email;
using VoiceTraining.Infrastructure.Email;

namespace VoiceTraining.Api.IntegrationTests.Email;

/// <summary>
/// The outbox's leases (local mode): a sender that dies with an email leaves it to its lease, and
/// a sender whose lease ran out writes nothing, not even the provider columns.
/// </summary>
public sealed class EmailOutboxLeaseTests(EmailFixture fixture) : IClassFixture<EmailFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => fixture.ClearOutboxAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_email_whose_sender_died_comes_back_after_its_lease_and_the_late_outcome_is_not_written()
    {
        var id = await QueueAsync();
        var lease = fixture.Factory.Services.GetRequiredService<EmailSettings>().Lease;
        var dead = ActivatorUtilities.CreateInstance<EmailOutboxClaims>(fixture.Factory.Services);
        var alive = ActivatorUtilities.CreateInstance<EmailOutboxClaims>(fixture.Factory.Services);

        var claimedByDead = (await dead.ClaimAsync(10, default)).Should().ContainSingle().Subject;
        (await alive.ClaimAsync(10, default)).Should().BeEmpty("a leased email is nobody else's while the lease lasts");

        fixture.ManualClock.Advance(lease + TimeSpan.FromSeconds(1));
        var claimedByAlive = (await alive.ClaimAsync(10, default)).Should().ContainSingle().Subject;
        claimedByAlive.Id.Should().Be(id);
        claimedByAlive.LeaseToken.Should().NotBe(claimedByDead.LeaseToken);
        await fixture.SendJob.SettleAsync([await fixture.SendJob.HandleAsync(claimedByAlive, default)], default);
        var sent = await fixture.EmailAsync(id);

        // The dead sender wakes up with an answer of its own: its lease token no longer matches.
        fixture.ManualClock.Advance(TimeSpan.FromMinutes(1));
        var late = EmailOutcome.Of(claimedByDead, EmailSendResult.Sent("late-provider-id"), "late-provider", fixture.ManualClock.GetUtcNow(), EmailRetrySchedule.Retries);
        await fixture.SendJob.SettleAsync([late], default);

        var email = await fixture.EmailAsync(id);
        (email.Status, email.Attempts, email.Provider, email.ProviderMessageId, email.SentAt, email.LeaseToken)
            .Should().Be((EmailStatus.Sent, 1, "local", "local-" + id.ToString("N"), sent.SentAt, (Guid?)null));
    }

    [Fact]
    public async Task One_batch_settles_each_email_by_its_own_outcome()
    {
        var sentId = await QueueAsync();
        var retryId = await QueueAsync();
        var refusedId = await QueueAsync();
        var quotaId = await QueueAsync();
        var claimed = (await fixture.Claims.ClaimAsync(10, default)).ToDictionary(c => c.Id);
        claimed.Keys.Should().BeEquivalentTo([sentId, retryId, refusedId, quotaId]);
        var now = fixture.ManualClock.GetUtcNow();

        await fixture.SendJob.SettleAsync(
        [
            EmailOutcome.Of(claimed[sentId], EmailSendResult.Sent("id-1"), "test", now, EmailRetrySchedule.Retries),
            EmailOutcome.Of(claimed[retryId], new EmailSendResult(EmailSendOutcome.Retry, Error: "503", RetryAfter: TimeSpan.FromMinutes(3)), "test", now, EmailRetrySchedule.Retries),
            EmailOutcome.Of(claimed[refusedId], new EmailSendResult(EmailSendOutcome.Rejected, Error: "bad address"), "test", now, EmailRetrySchedule.Retries),
            EmailOutcome.Of(claimed[quotaId], new EmailSendResult(EmailSendOutcome.QuotaExceeded, Error: "quota"), "test", now, EmailRetrySchedule.Retries),
        ], default);

        var sent = await fixture.EmailAsync(sentId);
        (sent.Status, sent.Attempts, sent.Provider, sent.ProviderMessageId, sent.SentAt, sent.LastError).Should().Be((EmailStatus.Sent, 1, "test", "id-1", (DateTimeOffset?)now, (string?)null));
        var retry = await fixture.EmailAsync(retryId);
        (retry.Status, retry.Attempts, retry.NextAttemptAt, retry.SentAt, retry.LastError)
            .Should().Be((EmailStatus.Pending, 1, now.AddMinutes(3), (DateTimeOffset?)null, "503"), "a Retry-After longer than the 1 minute step wins");
        var refused = await fixture.EmailAsync(refusedId);
        (refused.Status, refused.Attempts, refused.LastError).Should().Be((EmailStatus.Failed, 1, "bad address"));
        var held = await fixture.EmailAsync(quotaId);
        (held.Status, held.Attempts, held.NextAttemptAt).Should().Be((EmailStatus.Held, 0, EmailRetrySchedule.NextUtcDay(now)), "the provider's quota is not the email's failure");
        new[] { sent, retry, refused, held }.Should().OnlyContain(e => e.LeaseToken == null && e.Provider == "test");
    }

    private async Task<Guid> QueueAsync()
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MediatR.IMediator>().Send(new QueueAccountEmailCommand
        {
            Kind = AccountEmailKind.PasswordReset,
            Email = $"reset.{Guid.NewGuid():N}@example.test",
            Link = "https://app.example.test/reset?code=lease",
        });
    }
}
