using System.Net;
using Microsoft.Extensions.DependencyInjection;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Application.Email.Commands.QueueAccountEmail;
using VoiceTraining.Domain.Email;

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
