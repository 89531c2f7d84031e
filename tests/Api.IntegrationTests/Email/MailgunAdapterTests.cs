using System.Net;
using Microsoft.Extensions.DependencyInjection;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Domain.Email;
using VoiceTraining.Infrastructure.Email;

namespace VoiceTraining.Api.IntegrationTests.Email;

/// <summary>Sending through Mailgun: multipart form, basic auth api:KEY, h: headers, o:tag, v: variables, retries and refusals.</summary>
public sealed class MailgunAdapterTests(MailgunFixture fixture) : IClassFixture<MailgunFixture>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await fixture.ClearOutboxAsync();
        fixture.Provider.Reset();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_feedback_email_goes_out_as_mailguns_multipart_form_with_reply_to_and_one_click_unsubscribe()
    {
        fixture.Factory.Services.GetRequiredService<EmailSettings>().Provider.Should().Be(EmailProvider.Mailgun);
        var org = await fixture.SeedOrganizationAsync();
        await fixture.ClearOutboxAsync();
        var (attemptId, _) = await VoiceCalls.PracticeAsync(fixture, org.Loner, org.PublishedScenarioId);
        var email = (await fixture.EmailsToAsync(org.Loner.Email)).Single(e => e.Template == EmailTemplateNames.FeedbackReady);

        await fixture.SendDueAsync();

        fixture.Provider.FormatErrors.Should().BeEmpty();
        var request = fixture.Provider.Sent.Should().ContainSingle().Subject;
        request.Path.Should().Be($"/v3/{FakeEmailProvider.MailgunDomain}/messages");
        request.Header("Authorization").Should().Be("Basic " + Convert.ToBase64String("api:key-test-9d8e7f6a"u8.ToArray()));
        request.Header("Content-Type").Should().StartWith("multipart/form-data; boundary=");
        request.Field("from").Should().Be($"Voice AI Training <notifications@{FakeEmailProvider.MailgunDomain}>");
        request.Field("to").Should().Be(org.Loner.Email);
        request.Field("subject").Should().Be(email.Subject);
        request.Field("html").Should().Be(email.HtmlBody);
        request.Field("text").Should().Be(email.TextBody);
        request.Field("h:Reply-To").Should().Be(email.ReplyTo).And.EndWith("@" + FakeEmailProvider.MailgunDomain, "MAILGUN_DOMAIN is the reply domain by default");
        fixture.Factory.Services.GetRequiredService<IAttemptReplyAddresses>().TryReadAttemptId(request.Field("h:Reply-To")!).Should().Be(attemptId);
        request.Field("h:List-Unsubscribe").Should().Be($"<{email.UnsubscribeUrl}>");
        request.Field("h:List-Unsubscribe-Post").Should().Be("List-Unsubscribe=One-Click");
        request.Field("o:tag").Should().Be("feedback-ready");
        request.Field("v:message-id").Should().Be(email.Id.ToString("D"));

        var sent = await fixture.EmailAsync(email.Id);
        (sent.Status, sent.Provider).Should().Be((EmailStatus.Sent, "mailgun"));
        sent.ProviderMessageId.Should().MatchRegex($@"^<\d{{14}}\.[0-9a-f]{{32}}@{FakeEmailProvider.MailgunDomain.Replace(".", "\\.", StringComparison.Ordinal)}>$");
    }

    [Fact]
    public async Task Essential_emails_carry_no_unsubscribe_headers()
    {
        var org = await fixture.SeedOrganizationAsync();
        await fixture.ClearOutboxAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var admin = fixture.ClientFor(org.Admin);
        var endpoint = await (await admin.PostJsonAsync("/api/webhooks", new { name = "Gone", url = receiver.Hook(410), events = new[] { "user.added" }, enabled = true }))
            .ShouldHaveStatus(HttpStatusCode.Created);
        await admin.PostAsync($"/api/webhooks/{endpoint.GetProperty("endpoint").Id()}/test", null);

        await fixture.SendDueAsync();

        var request = fixture.Provider.Sent.Should().ContainSingle().Subject;
        request.Field("o:tag").Should().Be("webhook-endpoint-disabled");
        request.Field("h:List-Unsubscribe").Should().BeNull();
        request.Field("h:Reply-To").Should().BeNull();
    }

    [Fact]
    public async Task Server_errors_are_retried_and_a_refusal_fails_the_email()
    {
        var org = await fixture.SeedOrganizationAsync();
        await fixture.ClearOutboxAsync();
        fixture.Provider.Then(500, """{"message":"Internal error"}""");
        fixture.Provider.Then(400, """{"message":"'to' parameter is not a valid address. please check documentation"}""");
        await (await fixture.ClientFor(org.Admin).PostJsonAsync("/api/members", new { email = $"m.{Guid.NewGuid():N}@example.test" })).ShouldHaveStatus(HttpStatusCode.Created);
        var email = (await fixture.EmailsAsync(org.Id, EmailTemplateNames.Welcome)).Single(e => e.Status == EmailStatus.Pending);

        await fixture.SendDueAsync();

        fixture.Provider.Requests.Should().HaveCount(2, "the 500 is retried, the 400 is final");
        var failed = await fixture.EmailAsync(email.Id);
        (failed.Status, failed.Attempts).Should().Be((EmailStatus.Failed, 1));
        failed.LastError.Should().Be("Mailgun answered 400: 'to' parameter is not a valid address. please check documentation");
    }
}
