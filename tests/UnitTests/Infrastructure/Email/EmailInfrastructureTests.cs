using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Domain.Email;
using VoiceTraining.Infrastructure.Configuration;
using VoiceTraining.Infrastructure.Email;
using VoiceTraining.Infrastructure.Email.Mailgun;
using VoiceTraining.Infrastructure.Email.Resend;
using VoiceTraining.Infrastructure.Resilience;

namespace VoiceTraining.UnitTests.Infrastructure.Email;

public class EmailInfrastructureTests
{
    private static EmailSettings Settings(params (string Key, string Value)[] values) =>
        InfrastructureSettings.Email.Read(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build());

    [Fact]
    public void The_provider_is_resend_then_mailgun_then_local_unless_forced()
    {
        Settings().Provider.Should().Be(EmailProvider.Local);
        Settings(("MAILGUN_API_KEY", "key"), ("MAILGUN_DOMAIN", "mg.example.com")).Provider.Should().Be(EmailProvider.Mailgun);
        Settings(("MAILGUN_API_KEY", "key")).Provider.Should().Be(EmailProvider.Local, "Mailgun needs its domain too");
        Settings(("RESEND_API_KEY", "re_x"), ("EMAIL_FROM", "n@example.com"), ("MAILGUN_API_KEY", "key"), ("MAILGUN_DOMAIN", "mg.example.com"))
            .Provider.Should().Be(EmailProvider.Resend);
        Settings(("RESEND_API_KEY", "re_x"), ("EMAIL_FROM", "n@example.com"), ("MAILGUN_API_KEY", "key"), ("MAILGUN_DOMAIN", "mg.example.com"), ("Email:Provider", "mailgun"))
            .Provider.Should().Be(EmailProvider.Mailgun);
        Settings(("RESEND_API_KEY", "re_x"), ("EMAIL_FROM", "n@example.com"), ("Email:Provider", "local")).Provider.Should().Be(EmailProvider.Local);
    }

    [Fact]
    public void Misconfiguration_stops_the_start_up_with_a_clear_message()
    {
        var noFrom = () => Settings(("RESEND_API_KEY", "re_x"));
        noFrom.Should().Throw<OptionsValidationException>().WithMessage("*EMAIL_FROM*");
        var forced = () => Settings(("Email:Provider", "resend"));
        forced.Should().Throw<OptionsValidationException>().WithMessage("*RESEND_API_KEY*");
        var unknown = () => Settings(("Email:Provider", "sendgrid"));
        unknown.Should().Throw<InvalidOperationException>().WithMessage("*resend, mailgun or local*");
    }

    [Fact]
    public void Outside_development_local_mode_must_be_chosen_with_email_provider_local()
    {
        var required = new EmailProviderRequiredValidator();

        required.Validate(Settings()).Errors.Select(e => e.ErrorMessage).Should().Equal(EmailProviderRequiredValidator.Message);
        required.Validate(Settings(("MAILGUN_API_KEY", "key"))).IsValid.Should().BeFalse("Mailgun without its domain is no provider");
        Settings(("Email:Provider", "LOCAL")).LocalModeChosen.Should().BeTrue();
        required.Validate(Settings(("Email:Provider", "local"))).IsValid.Should().BeTrue();
        required.Validate(Settings(("RESEND_API_KEY", "re_x"), ("EMAIL_FROM", "n@example.com"))).IsValid.Should().BeTrue();
        Settings().LocalModeChosen.Should().BeFalse();
    }

    [Fact]
    public void Sender_reply_domain_and_base_urls_come_from_the_environment()
    {
        var mailgun = Settings(("MAILGUN_API_KEY", "key"), ("MAILGUN_DOMAIN", "mg.example.com"), ("MAILGUN_API_BASE_URL", "https://api.eu.mailgun.net/"));
        (mailgun.From, mailgun.ReplyDomain, mailgun.MailgunBaseUrl, mailgun.DailyCap).Should()
            .Be(("Voice AI Training <notifications@mg.example.com>", "mg.example.com", "https://api.eu.mailgun.net", 100));
        var resend = Settings(("RESEND_API_KEY", "re_x"), ("EMAIL_FROM", "Acme Training <training@acme.example>"), ("Email:ReplyDomain", "in.acme.example"), ("Email:DailyCap", "3000"));
        (resend.From, resend.ReplyDomain, resend.ResendBaseUrl, resend.DailyCap).Should()
            .Be(("Acme Training <training@acme.example>", "in.acme.example", "https://api.resend.com", 3000));
        Settings().ReplyDomain.Should().BeNull();
    }

    [Fact]
    public void Resends_body_has_its_field_names_and_one_click_unsubscribe_headers()
    {
        var settings = Settings(("RESEND_API_KEY", "re_x"), ("EMAIL_FROM", "n@example.com"));
        var id = Guid.Parse("0195f3c1-1234-7abc-8def-0123456789ab");
        var body = ResendEmailSender.Body(settings.From, new OutgoingEmail
        {
            MessageId = id, To = "jamie@example.com", Subject = "Hi", Html = "<p>Hi</p>", Text = "Hi", Template = "feedback-ready",
            ReplyTo = "reply+abc@in.example.com", UnsubscribeUrl = "https://app.example.com/api/email/unsubscribe?token=t",
        });

        // Serialized as the Refit client serializes it.
        JsonSerializer.Serialize(body, ResendJson.Default.ResendEmail).Should().Be("""
            {"from":"Voice AI Training \u003Cn@example.com\u003E","to":["jamie@example.com"],"subject":"Hi","html":"\u003Cp\u003EHi\u003C/p\u003E","text":"Hi","reply_to":"reply\u002Babc@in.example.com","headers":{"List-Unsubscribe":"\u003Chttps://app.example.com/api/email/unsubscribe?token=t\u003E","List-Unsubscribe-Post":"List-Unsubscribe=One-Click"},"tags":[{"name":"template","value":"feedback-ready"},{"name":"message_id","value":"0195f3c112347abc8def0123456789ab"}]}
            """);
    }

    [Fact]
    public async Task Mailguns_form_names_headers_tags_and_variables_its_way()
    {
        var settings = Settings(("MAILGUN_API_KEY", "key"), ("MAILGUN_DOMAIN", "mg.example.com"));
        using var form = MailgunEmailSender.Form(settings.From, new OutgoingEmail
        {
            MessageId = Guid.Empty, To = "jamie@example.com", Subject = "Hi", Html = "<p>Hi</p>", Text = "Hi", Template = "assignment",
            UnsubscribeUrl = "https://app.example.com/u?token=t",
        });

        var fields = new Dictionary<string, string>();
        foreach (var part in form) fields[part.Headers.ContentDisposition!.Name!.Trim('"')] = await part.ReadAsStringAsync();
        fields.Should().Equal(new Dictionary<string, string>
        {
            ["from"] = "Voice AI Training <notifications@mg.example.com>", ["to"] = "jamie@example.com", ["subject"] = "Hi", ["html"] = "<p>Hi</p>", ["text"] = "Hi",
            ["h:List-Unsubscribe"] = "<https://app.example.com/u?token=t>", ["h:List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
            ["o:tag"] = "assignment", ["v:message-id"] = Guid.Empty.ToString("D"),
        });
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, "2", true)]
    [InlineData(HttpStatusCode.TooManyRequests, null, true)]
    [InlineData(HttpStatusCode.TooManyRequests, "3600", false)]
    [InlineData(HttpStatusCode.InternalServerError, null, true)]
    [InlineData(HttpStatusCode.BadGateway, null, true)]
    [InlineData(HttpStatusCode.RequestTimeout, null, true)]
    [InlineData(HttpStatusCode.UnprocessableEntity, null, false)]
    [InlineData(HttpStatusCode.Unauthorized, null, false)]
    public void Quick_retries_cover_transient_answers_and_short_waits(HttpStatusCode status, string? retryAfter, bool retried)
    {
        using var response = new HttpResponseMessage(status);
        if (retryAfter is not null) response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
        EmailResilience.ShouldRetry(response, TimeSpan.FromSeconds(30)).Should().Be(retried);
    }

    [Fact]
    public void The_wait_is_retry_after_else_resends_ratelimit_reset()
    {
        using var retryAfter = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        retryAfter.Headers.TryAddWithoutValidation("retry-after", "2");
        retryAfter.Headers.TryAddWithoutValidation("ratelimit-reset", "5");
        RetryAfter.Requested(retryAfter).Should().Be(TimeSpan.FromSeconds(2));

        using var reset = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        reset.Headers.TryAddWithoutValidation("ratelimit-reset", "1");
        RetryAfter.Requested(reset).Should().Be(TimeSpan.FromSeconds(1));

        using var none = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        RetryAfter.Requested(none).Should().BeNull();
    }

    [Fact]
    public async Task The_limiter_starts_at_most_two_requests_in_any_second()
    {
        // The clock moves only when the test moves it, so the times read after each admission are the
        // ones the limiter admitted at.
        var clock = new FakeTimeProvider();
        using var limiter = new RequestRateLimiter(2, clock);
        var start = clock.GetTimestamp();
        var admitted = new List<TimeSpan>();

        for (var i = 0; i < 5; i++)
        {
            var wait = limiter.WaitAsync(CancellationToken.None);
            if (!wait.IsCompleted)
            {
                var due = admitted[^2] + TimeSpan.FromSeconds(1);
                clock.Advance(due - clock.GetElapsedTime(start) - TimeSpan.FromMilliseconds(1));
                (await Task.WhenAny(wait, Task.Delay(TimeSpan.FromMilliseconds(100)))).Should()
                    .NotBeSameAs(wait, "request {0} waits until the one two before it is a second old", i);
                clock.Advance(TimeSpan.FromMilliseconds(1));
            }
            await wait.WaitAsync(TimeSpan.FromSeconds(10));
            admitted.Add(clock.GetElapsedTime(start));
        }

        admitted.Should().Equal(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void Unsubscribe_tokens_round_trip_and_refuse_tampering()
    {
        var tokens = new UnsubscribeTokens(new EphemeralDataProtectionProvider(NullLoggerFactory.Instance));
        var org = Guid.CreateVersion7();
        var member = Guid.CreateVersion7();

        var token = tokens.Create(org, member, EmailCategory.Feedback);

        token.Should().MatchRegex("^[A-Za-z0-9_-]+$", "it goes into a URL as it is");
        tokens.Read(token).Should().Be(new VoiceTraining.Application.Email.UnsubscribeRequest(org, member, EmailCategory.Feedback));
        tokens.Read(token[..^2] + (token[^2] == 'A' ? "BA" : "AB")).Should().BeNull();
        tokens.Read("not a token").Should().BeNull();
        tokens.Read(null).Should().BeNull();
        new UnsubscribeTokens(new EphemeralDataProtectionProvider(NullLoggerFactory.Instance)).Read(token).Should().BeNull("another key ring");
    }
}
