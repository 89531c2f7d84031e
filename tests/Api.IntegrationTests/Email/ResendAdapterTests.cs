using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Application.Email.Commands.QueueAccountEmail;
using VoiceTraining.Domain.Email;
using VoiceTraining.Infrastructure.Email;

namespace VoiceTraining.Api.IntegrationTests.Email;

/// <summary>Sending through Resend: its JSON, bearer key and Idempotency-Key, 429 and 5xx handling, the 2 requests/s limit.</summary>
public sealed class ResendAdapterTests(ResendFixture fixture) : IClassFixture<ResendFixture>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await fixture.ClearOutboxAsync();
        fixture.Provider.Reset();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void Resend_is_chosen_when_its_key_is_set_even_with_mailgun_configured()
    {
        fixture.Factory.Services.GetRequiredService<EmailSettings>().Provider.Should().Be(EmailProvider.Resend);
    }

    [Fact]
    public async Task An_assignment_email_goes_out_in_resends_format()
    {
        var org = await fixture.SeedOrganizationAsync();
        await fixture.ClearOutboxAsync();
        await (await fixture.ClientFor(org.Manager).PostJsonAsync("/api/assignments", new { memberId = org.Loner.Id, scenarioId = org.SecondScenarioId }))
            .ShouldHaveStatus(HttpStatusCode.Created);
        var email = (await fixture.EmailsToAsync(org.Loner.Email)).Single(e => e.Template == EmailTemplateNames.Assignment && e.Subject.EndsWith("Rate objection"));

        await fixture.SendDueAsync();

        fixture.Provider.FormatErrors.Should().BeEmpty();
        var request = fixture.Provider.Sent.Should().ContainSingle().Subject;
        request.Path.Should().Be("/emails");
        request.Header("Authorization").Should().Be("Bearer " + FakeEmailProvider.ResendKey);
        request.Header("Idempotency-Key").Should().Be(email.Id.ToString("D"));
        request.Header("Content-Type").Should().StartWith("application/json");
        var body = request.Json;
        body.Str("from").Should().Be("Voice AI Training <" + ResendFixture.From + ">");
        body.GetProperty("to").EnumerateArray().Select(t => t.GetString()).Should().Equal(org.Loner.Email);
        body.Str("subject").Should().Be(email.Subject);
        body.Str("html").Should().Be(email.HtmlBody);
        body.Str("text").Should().Be(email.TextBody);
        body.TryGetProperty("reply_to", out _).Should().BeFalse();
        body.GetProperty("headers").Str("List-Unsubscribe").Should().Be($"<{email.UnsubscribeUrl}>");
        body.GetProperty("headers").Str("List-Unsubscribe-Post").Should().Be("List-Unsubscribe=One-Click");
        body.GetProperty("tags").EnumerateArray().Select(t => (t.Str("name"), t.Str("value")))
            .Should().Equal(("template", "assignment"), ("message_id", email.Id.ToString("N")));

        var sent = await fixture.EmailAsync(email.Id);
        (sent.Status, sent.Provider, sent.Attempts).Should().Be((EmailStatus.Sent, "resend", 1));
        sent.ProviderMessageId.Should().MatchRegex("^[0-9a-f-]{36}$", "the id Resend answered is kept");
    }

    [Fact]
    public async Task A_feedback_email_carries_the_attempts_reply_address_as_reply_to()
    {
        var org = await fixture.SeedOrganizationAsync();
        await fixture.ClearOutboxAsync();
        var (attemptId, _) = await VoiceCalls.PracticeAsync(fixture, org.Loner, org.PublishedScenarioId);
        var email = (await fixture.EmailsToAsync(org.Loner.Email)).Single(e => e.Template == EmailTemplateNames.FeedbackReady);

        await fixture.SendDueAsync();

        var body = fixture.Provider.Sent.Should().ContainSingle().Subject.Json;
        body.Str("reply_to").Should().Be(email.ReplyTo).And.StartWith("reply+").And.EndWith("@" + EmailFixture.ReplyDomain);
        body.Str("text").Should().Contain($"/attempts/{attemptId}");
    }

    [Fact]
    public async Task A_429_is_retried_after_its_retry_after_with_the_same_idempotency_key()
    {
        var id = await QueueAsync();
        fixture.Provider.Then(429, """{"statusCode":429,"name":"rate_limit_exceeded","message":"Too many requests. You can only make 2 requests per second."}""",
            ("retry-after", "1"), ("ratelimit-limit", "2"), ("ratelimit-remaining", "0"), ("ratelimit-reset", "1"));

        await fixture.SendDueAsync();

        var requests = fixture.Provider.Requests.ToList();
        requests.Should().HaveCount(2);
        requests.Select(r => r.Header("Idempotency-Key")).Should().AllBe(id.ToString("D"));
        Stopwatch.GetElapsedTime(requests[0].Timestamp, requests[1].Timestamp).Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(950), "Retry-After: 1 is honoured");
        fixture.Provider.Sent.Should().ContainSingle();
        var email = await fixture.EmailAsync(id);
        (email.Status, email.Attempts).Should().Be((EmailStatus.Sent, 1));
    }

    [Fact]
    public async Task Server_errors_are_retried_within_the_send()
    {
        var id = await QueueAsync();
        fixture.Provider.Then(500, """{"statusCode":500,"name":"internal_server_error","message":"Unexpected error."}""");
        fixture.Provider.Then(503, "Service Unavailable");

        await fixture.SendDueAsync();

        fixture.Provider.Requests.Should().HaveCount(3);
        fixture.Provider.Sent.Should().ContainSingle();
        (await fixture.EmailAsync(id)).Status.Should().Be(EmailStatus.Sent);
    }

    [Fact]
    public async Task An_outage_longer_than_the_quick_retries_is_retried_by_the_outbox_on_its_schedule()
    {
        var id = await QueueAsync();
        fixture.Provider.Outage = 502;

        await fixture.SendDueAsync();

        fixture.Provider.Requests.Should().HaveCount(4, "the first try and three quick retries");
        var waiting = await fixture.EmailAsync(id);
        (waiting.Status, waiting.Attempts).Should().Be((EmailStatus.Pending, 1));
        waiting.NextAttemptAt.Should().Be(fixture.ManualClock.GetUtcNow().AddMinutes(1));
        waiting.LastError.Should().Contain("502");

        fixture.Provider.Outage = null;
        await fixture.SendDueAsync();
        fixture.Provider.Sent.Should().BeEmpty("it is not due yet");

        fixture.ManualClock.Advance(TimeSpan.FromMinutes(1));
        await fixture.SendDueAsync();
        var sent = await fixture.EmailAsync(id);
        (sent.Status, sent.Attempts).Should().Be((EmailStatus.Sent, 2));
        fixture.Provider.Sent.Should().ContainSingle();
    }

    [Fact]
    public async Task A_retry_after_too_long_to_wait_in_the_send_sets_the_outboxs_next_attempt()
    {
        var id = await QueueAsync();
        fixture.Provider.Then(429, """{"statusCode":429,"name":"rate_limit_exceeded","message":"Too many requests."}""", ("retry-after", "120"));

        await fixture.SendDueAsync();

        fixture.Provider.Requests.Should().ContainSingle("a Retry-After past Email:MaxRetryAfter is not waited for in the send");
        var email = await fixture.EmailAsync(id);
        (email.Status, email.Attempts).Should().Be((EmailStatus.Pending, 1));
        email.NextAttemptAt.Should().Be(fixture.ManualClock.GetUtcNow().AddMinutes(2), "the 2 minutes asked for win over the 1 minute step");
    }

    [Fact]
    public async Task An_email_that_never_gets_through_fails_after_the_schedules_last_attempt()
    {
        var id = await QueueAsync();
        fixture.Provider.Outage = 502;

        for (var attempt = 1; attempt < EmailRetrySchedule.MaxAttempts; attempt++)
        {
            await fixture.SendDueAsync();
            var waiting = await fixture.EmailAsync(id);
            var step = EmailRetrySchedule.Retries.Delays[attempt - 1];
            (waiting.Status, waiting.Attempts, waiting.NextAttemptAt).Should().Be((EmailStatus.Pending, attempt, fixture.ManualClock.GetUtcNow() + step));
            fixture.ManualClock.Advance(step);
        }
        await fixture.SendDueAsync();

        var failed = await fixture.EmailAsync(id);
        (failed.Status, failed.Attempts).Should().Be((EmailStatus.Failed, EmailRetrySchedule.MaxAttempts));
        failed.LastError.Should().Contain("502");
        fixture.Provider.Requests.Should().HaveCount(4 * EmailRetrySchedule.MaxAttempts, "each attempt is a first try and three quick retries");
    }

    [Fact]
    public async Task A_refused_message_fails_at_once()
    {
        var id = await QueueAsync();
        fixture.Provider.Then(422, """{"statusCode":422,"name":"validation_error","message":"Invalid `to` field."}""");

        await fixture.SendDueAsync();

        fixture.Provider.Requests.Should().ContainSingle();
        var email = await fixture.EmailAsync(id);
        (email.Status, email.Attempts).Should().Be((EmailStatus.Failed, 1));
        email.LastError.Should().Be("Resend answered 422 validation_error: Invalid `to` field.");
    }

    [Fact]
    public async Task A_used_up_daily_quota_holds_the_email_until_the_next_utc_day()
    {
        var id = await QueueAsync();
        fixture.Provider.Then(429, """{"statusCode":429,"name":"daily_quota_exceeded","message":"You have reached your daily email sending quota."}""", ("retry-after", "36000"));

        await fixture.SendDueAsync();

        fixture.Provider.Requests.Should().ContainSingle("a long Retry-After is not waited for in the send");
        var email = await fixture.EmailAsync(id);
        (email.Status, email.Attempts).Should().Be((EmailStatus.Held, 0));
        email.NextAttemptAt.Should().Be(EmailRetrySchedule.NextUtcDay(fixture.ManualClock.GetUtcNow()));
    }

    [Fact]
    public async Task At_most_two_requests_start_in_any_second()
    {
        for (var i = 0; i < 6; i++) await QueueAsync();

        await fixture.SendDueAsync();

        var requests = fixture.Provider.Requests.OrderBy(r => r.Timestamp).ToList();
        requests.Should().HaveCount(6);
        // Arrival times carry the scheduling jitter of a busy machine (the limiter itself is checked
        // exactly in the unit tests); without a limiter these gaps are a few milliseconds.
        for (var i = 2; i < requests.Count; i++)
            Stopwatch.GetElapsedTime(requests[i - 2].Timestamp, requests[i].Timestamp).Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(750),
                "request {0} is the third in its second otherwise", i);
    }

    private async Task<Guid> QueueAsync()
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MediatR.IMediator>().Send(new QueueAccountEmailCommand
        {
            Kind = AccountEmailKind.PasswordReset,
            Email = $"reset.{Guid.NewGuid():N}@example.test",
            Link = "https://app.example.test/reset?code=abc",
        });
    }
}
