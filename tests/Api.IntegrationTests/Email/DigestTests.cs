using System.Net;
using System.Text.Json;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Domain.Email;

namespace VoiceTraining.Api.IntegrationTests.Email;

/// <summary>Manager digests: due from 08:00 UTC after their period, with the team's results and overdue work, queued once per period.</summary>
public sealed class DigestTests(EmailFixture fixture) : IClassFixture<EmailFixture>
{
    [Fact]
    public async Task The_weekly_digest_goes_to_managers_and_admins_once_per_week()
    {
        var org = await fixture.SeedOrganizationAsync();
        var weekStart = NextUtcMidnight(fixture.ManualClock.GetUtcNow(), DayOfWeek.Monday);
        MoveTo(weekStart.AddDays(2).AddHours(12));
        var good = await PracticeAtAsync(org.Trainee, fixture.ManualClock.GetUtcNow());
        var weak = await PracticeAtAsync(org.Teammate, fixture.ManualClock.GetUtcNow(), Weak);

        MoveTo(weekStart.AddDays(7).AddHours(7));
        await fixture.Digests.RunOnceAsync(CancellationToken.None);
        (await fixture.EmailsAsync(org.Id, EmailTemplateNames.Digest)).Should().BeEmpty("digests are due from 08:00 UTC");

        MoveTo(weekStart.AddDays(7).AddHours(9));
        await fixture.Digests.RunOnceAsync(CancellationToken.None);
        await fixture.Digests.RunOnceAsync(CancellationToken.None);

        var digests = await fixture.EmailsAsync(org.Id, EmailTemplateNames.Digest);
        digests.Select(d => d.ToAddress).Should().BeEquivalentTo([org.Manager.Email, org.Admin.Email], "once each, trainees get none");
        var label = new DigestPeriod(DigestFrequency.Weekly, weekStart, weekStart.AddDays(7)).Label;
        var manager = digests.Single(d => d.ToAddress == org.Manager.Email);
        manager.Category.Should().Be(EmailCategory.Digest);
        manager.Subject.Should().Be($"Your weekly team digest: {label}");
        manager.DedupeKey.Should().Be($"digest:{org.Manager.Id}:{new DigestPeriod(DigestFrequency.Weekly, weekStart, weekStart.AddDays(7)).Key}");
        manager.UnsubscribeUrl.Should().Contain("/api/email/unsubscribe?token=");
        manager.TextBody.Should().Contain("Here is how your team of 2 people practised " + label)
            .And.Contain("Calls completed: 2")
            .And.Contain($"Average score: {(good + weak) / 2.0:0.#}")
            .And.Contain($"Member: Jamie Trainee {org.Marker} | Calls: 1 | Average: {good}")
            .And.Contain($"Member: Sam Teammate {org.Marker} | Assignment: {org.Marker} Rate objection")
            .And.Contain("See team results: https://app.example.test/manage/results");
        digests.Single(d => d.ToAddress == org.Admin.Email).TextBody.Should().Contain("your team of 4 people", "an admin's team is the whole organization");

        MoveTo(weekStart.AddDays(9));
        await fixture.Digests.RunOnceAsync(CancellationToken.None);
        (await fixture.EmailsAsync(org.Id, EmailTemplateNames.Digest)).Should().HaveCount(2, "the next one is due next Monday");
    }

    [Fact]
    public async Task The_daily_digest_covers_the_previous_day_and_follows_preferences()
    {
        var org = await fixture.SeedOrganizationAsync();
        await (await fixture.ClientFor(org.Manager).PutJsonAsync("/api/members/me/email-preferences", new { assignmentEmails = true, feedbackEmails = true, digest = "daily" }))
            .ShouldHaveStatus(HttpStatusCode.OK);
        await (await fixture.ClientFor(org.Admin).PutJsonAsync("/api/members/me/email-preferences", new { assignmentEmails = true, feedbackEmails = true, digest = "off" }))
            .ShouldHaveStatus(HttpStatusCode.OK);
        var day = NextUtcMidnight(fixture.ManualClock.GetUtcNow(), null);
        MoveTo(day.AddHours(10));
        await PracticeAtAsync(org.Trainee, fixture.ManualClock.GetUtcNow());

        MoveTo(day.AddDays(1).AddHours(8));
        await fixture.Digests.RunOnceAsync(CancellationToken.None);
        await fixture.Digests.RunOnceAsync(CancellationToken.None);
        MoveTo(day.AddDays(2).AddHours(8));
        await fixture.Digests.RunOnceAsync(CancellationToken.None);

        var digests = await fixture.EmailsAsync(org.Id, EmailTemplateNames.Digest);
        digests.Should().HaveCount(2).And.OnlyContain(d => d.ToAddress == org.Manager.Email, "the admin switched digests off");
        digests[0].Subject.Should().Be($"Your daily team digest: {new DigestPeriod(DigestFrequency.Daily, day, day.AddDays(1)).Label}");
        digests[0].TextBody.Should().Contain("Calls completed: 1");
        digests[1].TextBody.Should().Contain("Nobody on your team completed a practice call in this period.");
    }

    private static readonly object[] Weak =
    [
        new { role = "assistant", text = "Hello?", timestamp = 0, endTimestamp = 1000 },
        new { role = "user", text = "um so basically I am like calling about um rates you know", timestamp = 1500, endTimestamp = 30000 },
    ];

    private void MoveTo(DateTimeOffset at)
    {
        var now = fixture.ManualClock.GetUtcNow();
        at.Should().BeAfter(now);
        fixture.ManualClock.Advance(at - now);
    }

    /// <summary>The next midnight (UTC) after now, on the given weekday if any, at least a day ahead.</summary>
    private static DateTimeOffset NextUtcMidnight(DateTimeOffset now, DayOfWeek? weekday)
    {
        var day = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(2);
        while (weekday is { } d && day.DayOfWeek != d) day = day.AddDays(1);
        return day;
    }

    /// <summary>A practice call whose report says it ended at <paramref name="endedAt"/>; returns its score.</summary>
    private async Task<int> PracticeAtAsync(SeededMember member, DateTimeOffset endedAt, object[]? transcript = null)
    {
        var org = member.OrgId;
        var scenarioId = (await fixture.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.IgnoreQueryFilters(db.Scenarios), s => s.OrgId == org && s.Title.EndsWith("Cold call")))).Id;
        var attemptId = await VoiceCalls.StartAsync(fixture, member, scenarioId);
        var body = JsonSerializer.Serialize(new
        {
            type = "call.ended",
            call = new
            {
                id = "call_" + Guid.NewGuid().ToString("N"),
                status = "completed",
                startedAt = endedAt.AddSeconds(-30).ToString("O"),
                endedAt = endedAt.ToString("O"),
                duration = 30,
                transcript = transcript ?? VoiceCalls.GoodConversation(),
                metadata = new { attempt_id = attemptId },
            },
        });
        using var response = await VoiceCalls.PostWebhookAsync(fixture.Anonymous(), body);
        (await response.ShouldHaveStatus(HttpStatusCode.OK)).Str("outcome").Should().Be("applied");
        return (await fixture.ClientFor(member).GetJsonAsync($"/api/attempts/{attemptId}")).Int("score");
    }
}
