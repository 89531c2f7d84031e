using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Application.Email.Commands.QueueAccountEmail;
using VoiceTraining.Domain.Email;
using VoiceTraining.Infrastructure.Email;
using VoiceTraining.Infrastructure.Workers;
using VoiceTraining.Infrastructure.Workers.Queues;
using static VoiceTraining.Api.IntegrationTests.Infrastructure.Eventually;

namespace VoiceTraining.Api.IntegrationTests.Email;

/// <summary>A daily cap of 3 emails (local mode).</summary>
public sealed class DailyCapFixture : EmailFixture
{
    public const int Cap = 3;

    protected override void Configure(IDictionary<string, string?> settings)
    {
        base.Configure(settings);
        settings["Email:DailyCap"] = Cap.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>Over the daily cap, emails are held for the next UTC day, not dropped; essential ones go first.</summary>
public sealed class DailyCapTests(DailyCapFixture fixture) : IClassFixture<DailyCapFixture>
{
    [Fact]
    public async Task Emails_over_the_cap_are_held_until_the_next_utc_day_then_sent()
    {
        var org = await fixture.SeedOrganizationAsync();
        await fixture.ClearOutboxAsync();
        var admin = fixture.ClientFor(org.Admin);
        var welcomes = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var address = $"cap{i}.{Guid.NewGuid():N}@example.test";
            await (await admin.PostJsonAsync("/api/members", new { email = address })).ShouldHaveStatus(HttpStatusCode.Created);
            welcomes.Add(address);
        }
        var reset = await QueueResetAsync();

        await fixture.SendDueAsync();
        await fixture.SendDueAsync();

        var now = fixture.ManualClock.GetUtcNow();
        var emails = await EmailsAsync(welcomes, reset);
        emails.Count(e => e.Status == EmailStatus.Sent).Should().Be(DailyCapFixture.Cap);
        emails.Single(e => e.Id == reset).Status.Should().Be(EmailStatus.Sent, "essential emails are first in line, though queued last");
        var held = emails.Where(e => e.Status == EmailStatus.Held).ToList();
        held.Should().HaveCount(2);
        held.Should().OnlyContain(e => e.NextAttemptAt == EmailRetrySchedule.NextUtcDay(now) && e.Attempts == 0);

        // Still today: nothing more goes out.
        fixture.ManualClock.Advance(EmailRetrySchedule.NextUtcDay(now) - now - TimeSpan.FromSeconds(1));
        await fixture.SendDueAsync();
        (await EmailsAsync(welcomes, reset)).Count(e => e.Status == EmailStatus.Sent).Should().Be(DailyCapFixture.Cap);

        // A new UTC day: the held ones go, oldest first, within the new day's cap.
        fixture.ManualClock.Advance(TimeSpan.FromSeconds(2));
        await fixture.SendDueAsync();
        var after = await EmailsAsync(welcomes, reset);
        after.Should().OnlyContain(e => e.Status == EmailStatus.Sent);
        after.Where(e => held.Select(h => h.Id).Contains(e.Id)).Should().OnlyContain(e => e.SentAt >= EmailRetrySchedule.NextUtcDay(now));
    }

    [Fact]
    public async Task The_cap_counts_every_organizations_emails_and_holds_new_ones_queued_after_it_is_reached()
    {
        await fixture.ClearOutboxAsync();
        for (var i = 0; i < DailyCapFixture.Cap; i++) await QueueResetAsync();
        await fixture.SendDueAsync();

        var late = await QueueResetAsync();
        await fixture.SendDueAsync();

        (await fixture.EmailAsync(late)).Status.Should().Be(EmailStatus.Held);
    }

    [Fact]
    public async Task Two_senders_claiming_at_once_claim_no_more_than_the_cap_and_the_other_holds_the_rest()
    {
        // A race: repeated, since without the claim lock two claims at the same moment both find
        // nothing used and take the cap each.
        for (var round = 0; round < 3; round++)
        {
            await fixture.ClearOutboxAsync();
            var ids = new List<Guid>();
            for (var i = 0; i < 2 * DailyCapFixture.Cap; i++) ids.Add(await QueueResetAsync());
            var first = NewClaims();
            var second = NewClaims();

            var claims = await Task.WhenAll(first.ClaimAsync(DailyCapFixture.Cap, default), second.ClaimAsync(DailyCapFixture.Cap, default));

            claims.Sum(c => c.Count).Should().Be(DailyCapFixture.Cap, "emails in flight count against the cap across senders (round {0})", round);
            var now = fixture.ManualClock.GetUtcNow();
            var emails = await EmailsAsync(ids);
            emails.Where(e => e.Status == EmailStatus.Held).Should().HaveCount(DailyCapFixture.Cap, "the second sender found the cap in use and held the rest")
                .And.OnlyContain(e => e.NextAttemptAt == EmailRetrySchedule.NextUtcDay(now) && e.Attempts == 0);

            // The claims are sent: the day's cap is used up, and neither sender gets more today.
            var claimed = claims.Single(c => c.Count > 0);
            var outcomes = new List<EmailOutcome>();
            foreach (var email in claimed) outcomes.Add(await fixture.SendJob.HandleAsync(email, default));
            await fixture.SendJob.SettleAsync(outcomes, default);
            (await first.ClaimAsync(DailyCapFixture.Cap, default)).Should().BeEmpty();
            (await second.ClaimAsync(DailyCapFixture.Cap, default)).Should().BeEmpty();
            (await EmailsAsync(ids)).Count(e => e.Status == EmailStatus.Sent).Should().Be(DailyCapFixture.Cap);
        }
    }

    [Fact]
    public async Task Two_workers_on_one_outbox_send_the_cap_and_hold_the_rest_until_the_next_day()
    {
        await fixture.ClearOutboxAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 3 * DailyCapFixture.Cap; i++) ids.Add(await QueueResetAsync());
        using var wake1 = new WakeSignal();
        using var wake2 = new WakeSignal();
        using var first = NewWorker(wake1);
        using var second = NewWorker(wake2);

        await Task.WhenAll(first.StartAsync(default), second.StartAsync(default));
        await EventuallyAsync(async () => (await EmailsAsync(ids)).All(e => e.Status is EmailStatus.Sent or EmailStatus.Held), "every email is sent or held");
        await Task.WhenAll(first.StopAsync(default), second.StopAsync(default));

        var now = fixture.ManualClock.GetUtcNow();
        var emails = await EmailsAsync(ids);
        emails.Count(e => e.Status == EmailStatus.Sent).Should().Be(DailyCapFixture.Cap);
        emails.Where(e => e.Status == EmailStatus.Held).Should().OnlyContain(e => e.NextAttemptAt == EmailRetrySchedule.NextUtcDay(now) && e.Attempts == 0 && e.LeaseToken == null);
    }

    /// <summary>Another instance's claims, on the fixture's outbox and clock.</summary>
    private EmailOutboxClaims NewClaims() => ActivatorUtilities.CreateInstance<EmailOutboxClaims>(fixture.Factory.Services);

    /// <summary>Another instance's email worker (its own claims and job), polling often.</summary>
    private QueueWorker<ClaimedEmail, EmailOutcome> NewWorker(WakeSignal wake)
    {
        var services = fixture.Factory.Services;
        var options = EmailSendJob.WorkerOptions(services.GetRequiredService<EmailSettings>()) with { PollInterval = TimeSpan.FromMilliseconds(50) };
        return new(NewClaims(), ActivatorUtilities.CreateInstance<EmailSendJob>(services), wake, options,
            NullLogger<QueueWorker<ClaimedEmail, EmailOutcome>>.Instance);
    }


    private Task<List<EmailMessage>> EmailsAsync(IReadOnlyCollection<Guid> ids) =>
        fixture.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AsNoTracking(db.EmailMessages).Where(e => ids.Contains(e.Id))));

    private Task<List<EmailMessage>> EmailsAsync(List<string> welcomes, Guid reset) =>
        fixture.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.EmailMessages.Where(e => welcomes.Contains(e.ToAddress) || e.Id == reset)));

    private async Task<Guid> QueueResetAsync()
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MediatR.IMediator>().Send(new QueueAccountEmailCommand
        {
            Kind = AccountEmailKind.PasswordReset,
            Email = $"reset.{Guid.NewGuid():N}@example.test",
            Link = "https://app.example.test/reset?code=xyz",
            ExpiresAt = fixture.ManualClock.GetUtcNow().AddHours(1),
        });
    }
}
