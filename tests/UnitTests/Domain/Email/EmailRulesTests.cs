using VoiceTraining.Domain.Common;
using VoiceTraining.Domain.Email;
using VoiceTraining.Domain.Members;

namespace VoiceTraining.UnitTests.Domain.Email;

public class EmailRulesTests
{
    private static readonly DateTimeOffset Now = new(2025, 11, 5, 10, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 5)]
    [InlineData(3, 30)]
    [InlineData(4, 120)]
    [InlineData(5, 720)]
    public void Failed_sends_are_retried_after_1_5_30_120_720_minutes(int attempts, int minutes) =>
        EmailRetrySchedule.NextAttempt(attempts, Now).Should().Be(Now.AddMinutes(minutes));

    [Fact]
    public void After_six_sends_it_gives_up_and_a_longer_retry_after_wins()
    {
        EmailRetrySchedule.MaxAttempts.Should().Be(6);
        EmailRetrySchedule.NextAttempt(6, Now).Should().BeNull();
        EmailRetrySchedule.NextAttempt(1, Now, TimeSpan.FromMinutes(10)).Should().Be(Now.AddMinutes(10));
        EmailRetrySchedule.NextAttempt(2, Now, TimeSpan.FromSeconds(3)).Should().Be(Now.AddMinutes(5));
    }

    [Fact]
    public void Held_emails_come_back_at_the_next_utc_midnight()
    {
        EmailRetrySchedule.NextUtcDay(new DateTimeOffset(2025, 12, 31, 23, 59, 59, TimeSpan.Zero)).Should().Be(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        EmailRetrySchedule.NextUtcDay(new DateTimeOffset(2025, 11, 5, 1, 0, 0, TimeSpan.FromHours(3))).Should().Be(new DateTimeOffset(2025, 11, 5, 0, 0, 0, TimeSpan.Zero));
        EmailRetrySchedule.UtcDayStart(Now).Should().Be(new DateTimeOffset(2025, 11, 5, 0, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void Digests_are_due_from_the_send_hour_for_the_period_that_just_ended()
    {
        // Wednesday 5 Nov 2025, 10:30 UTC.
        var daily = DigestPeriod.DueAt(DigestFrequency.Daily, Now, 8)!;
        (daily.Start, daily.End, daily.Key, daily.Label).Should().Be((new DateTimeOffset(2025, 11, 4, 0, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2025, 11, 5, 0, 0, 0, TimeSpan.Zero), "daily:2025-11-04", "Tue, 4 Nov 2025"));
        DigestPeriod.DueAt(DigestFrequency.Daily, Now, 11).Should().BeNull("before 11:00");

        var weekly = DigestPeriod.DueAt(DigestFrequency.Weekly, Now, 8)!;
        (weekly.Start, weekly.End, weekly.Key, weekly.Label).Should().Be((new DateTimeOffset(2025, 10, 27, 0, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2025, 11, 3, 0, 0, 0, TimeSpan.Zero), "weekly:2025-W44", "27 Oct – 2 Nov 2025"));
        DigestPeriod.DueAt(DigestFrequency.Weekly, new DateTimeOffset(2025, 11, 3, 7, 59, 0, TimeSpan.Zero), 8).Should().BeNull("Monday before 08:00: not yet, and never an older week");
        DigestPeriod.DueAt(DigestFrequency.Weekly, new DateTimeOffset(2025, 11, 10, 8, 0, 0, TimeSpan.Zero), 8)!.Label.Should().Be("3–9 Nov 2025");
        DigestPeriod.DueAt(DigestFrequency.Off, Now, 8).Should().BeNull();
    }

    [Fact]
    public void Iso_weeks_span_the_new_year()
    {
        var period = DigestPeriod.DueAt(DigestFrequency.Weekly, new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero), 8)!;
        (period.Key, period.Label).Should().Be(("weekly:2026-W01", "29 Dec 2025 – 4 Jan 2026"));
    }

    [Fact]
    public void Preferences_default_by_role_and_unsubscribe_one_category()
    {
        EmailPreferences.DefaultFor(MemberRole.Trainee).Should().Be(new EmailPreferenceValues(true, true, DigestFrequency.Off));
        EmailPreferences.DefaultFor(MemberRole.Manager).Should().Be(new EmailPreferenceValues(true, true, DigestFrequency.Weekly));
        EmailPreferences.DefaultFor(MemberRole.Admin).Should().Be(new EmailPreferenceValues(true, true, DigestFrequency.Weekly));

        var preferences = new EmailPreferences(Guid.NewGuid(), Guid.NewGuid(), true, true, DigestFrequency.Daily, Now);
        preferences.Unsubscribe(EmailCategory.Feedback, Now);
        preferences.Values.Should().Be(new EmailPreferenceValues(true, false, DigestFrequency.Daily));
        preferences.Unsubscribe(EmailCategory.Digest, Now);
        preferences.Values.Allows(EmailCategory.Digest).Should().BeFalse();
        preferences.Values.Allows(EmailCategory.Essential).Should().BeTrue("essential emails ignore preferences");
        preferences.Invoking(p => p.Unsubscribe(EmailCategory.Essential, Now)).Should().Throw<DomainException>();
    }

    [Fact]
    public void Essential_emails_never_carry_an_unsubscribe_link()
    {
        var email = new EmailMessage(null, null, " someone@example.com ", null, EmailTemplateNames.PasswordReset, EmailCategory.Essential, "Reset", "<p>x</p>", "x",
            null, "https://app.example.com/api/email/unsubscribe?token=t", null, Now);

        (email.ToAddress, email.UnsubscribeUrl, email.Status, email.NextAttemptAt, email.Attempts).Should().Be(("someone@example.com", (string?)null, EmailStatus.Pending, Now, 0));
    }
}
