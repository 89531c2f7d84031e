using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using VoiceTraining.Api.IntegrationTests.Billing;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Email.Commands.QueueAccountEmail;
using VoiceTraining.Domain.Email;

namespace VoiceTraining.Api.IntegrationTests.Email;

/// <summary>Every event that mails someone, caused through the API's real actions, lands in the outbox rendered, and goes out.</summary>
public sealed class EmailEventsTests(EmailFixture fixture) : IClassFixture<EmailFixture>
{
    private const string App = "https://app.example.test";

    [Fact]
    public async Task Adding_a_member_queues_a_welcome_email_that_the_local_provider_records_as_sent()
    {
        var org = await fixture.SeedOrganizationAsync();
        var address = $"new.{Guid.NewGuid():N}@example.test";

        await (await fixture.ClientFor(org.Admin).PostJsonAsync("/api/members", new { email = address, name = "Nia New", role = "manager" })).ShouldHaveStatus(HttpStatusCode.Created);

        var email = (await fixture.EmailsToAsync(address)).Should().ContainSingle().Subject;
        email.Template.Should().Be(EmailTemplateNames.Welcome);
        email.Category.Should().Be(EmailCategory.Account);
        email.Status.Should().Be(EmailStatus.Pending);
        email.OrgId.Should().Be(org.Id);
        email.Subject.Should().Be($"Welcome to {org.Name} on Voice AI Training");
        email.HtmlBody.Should().Contain("<strong>Avery Admin " + org.Marker + "</strong> added you to").And.Contain("a manager").And.Contain($"href=\"{App}/\"");
        email.TextBody.Should().Contain("Open Voice AI Training: " + App + "/");
        email.UnsubscribeUrl.Should().BeNull("account notices have no opt-out");

        await fixture.SendDueAsync();
        var sent = await fixture.EmailAsync(email.Id);
        (sent.Status, sent.Provider, sent.Attempts).Should().Be((EmailStatus.Sent, "local", 1));
        sent.SentAt.Should().Be(fixture.ManualClock.GetUtcNow());
        sent.ProviderMessageId.Should().Be("local-" + email.Id.ToString("N"));
    }

    [Fact]
    public async Task Assigning_a_scenario_emails_the_trainee_with_the_due_date_a_start_training_link_and_an_unsubscribe_link()
    {
        var org = await fixture.SeedOrganizationAsync();
        var due = new DateTimeOffset(2031, 3, 14, 17, 30, 0, TimeSpan.Zero);

        await (await fixture.ClientFor(org.Manager).PostJsonAsync("/api/assignments", new { memberId = org.Loner.Id, scenarioId = org.SecondScenarioId, dueAt = due }))
            .ShouldHaveStatus(HttpStatusCode.Created);

        var email = (await fixture.EmailsToAsync(org.Loner.Email)).Where(e => e.Template == EmailTemplateNames.Assignment && e.Subject.EndsWith("Rate objection")).Should().ContainSingle().Subject;
        email.Category.Should().Be(EmailCategory.Assignment);
        email.MemberId.Should().Be(org.Loner.Id);
        email.Subject.Should().Be($"New assignment: {org.Marker} Rate objection");
        email.HtmlBody.Should().Contain($"Hi Alex Loner {org.Marker},")
            .And.Contain($"You have been assigned: <strong>{org.Marker} Rate objection</strong>")
            .And.Contain("Fri, 14 Mar 2031, 17:30 UTC")
            .And.Contain($"<a href=\"{App}/assignments\"").And.Contain(">Start Training</a>")
            .And.Contain("Morgan Manager " + org.Marker);
        email.UnsubscribeUrl.Should().StartWith($"{App}/api/email/unsubscribe?token=");
        email.HtmlBody.Should().Contain(email.UnsubscribeUrl!.Replace("&", "&amp;", StringComparison.Ordinal));
        email.TextBody.Should().Contain("Start Training: " + App + "/assignments").And.Contain("Unsubscribe from assignment emails: " + email.UnsubscribeUrl);
    }

    [Fact]
    public async Task A_track_assignment_names_the_track_and_its_scenario_count()
    {
        var org = await fixture.SeedOrganizationAsync();
        await (await fixture.ClientFor(org.Admin).PostJsonAsync("/api/assignments", new { memberId = org.Loner.Id, trackId = org.TrackId }))
            .ShouldHaveStatus(HttpStatusCode.Created);

        var email = (await fixture.EmailsToAsync(org.Loner.Email)).Single(e => e.Template == EmailTemplateNames.Assignment && e.Subject.EndsWith("Onboarding"));
        email.Subject.Should().Be($"New assignment: {org.Marker} Onboarding");
        email.TextBody.Should().Contain("Track: 2 scenarios").And.Contain("Due: No due date");
    }

    [Fact]
    public async Task Every_value_is_html_encoded()
    {
        var org = await fixture.SeedOrganizationAsync();
        var manager = fixture.ClientFor(org.Manager);
        var created = await (await manager.PostJsonAsync("/api/scenarios", new
        {
            title = "<img src=x onerror=alert(1)> & \"Co\"",
            personaId = org.PersonaId,
            aiPrompt = "You are a buyer.",
            rubric = new object[] { new { name = "Talk", weight = 1, kind = "kpi_range", kpi = "talk_ratio", min = 10.0, max = 90.0 } },
            passingThreshold = 50,
        })).ShouldHaveStatus(HttpStatusCode.Created);
        await (await manager.PostAsync($"/api/scenarios/{created.Id()}/publish", null)).ShouldHaveStatus(HttpStatusCode.OK);

        await (await manager.PostJsonAsync("/api/assignments", new { memberId = org.Loner.Id, scenarioId = created.Id() })).ShouldHaveStatus(HttpStatusCode.Created);

        var email = (await fixture.EmailsToAsync(org.Loner.Email)).Single(e => e.Template == EmailTemplateNames.Assignment && e.Subject.Contains("<img", StringComparison.Ordinal));
        email.HtmlBody.Should().NotContain("<img").And.Contain("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;Co&quot;");
        email.TextBody.Should().Contain("<img src=x onerror=alert(1)> & \"Co\"", "plain text is not HTML");
    }

    [Fact]
    public async Task A_scored_call_emails_feedback_once_with_the_score_a_link_and_the_attempts_reply_address()
    {
        var org = await fixture.SeedOrganizationAsync();

        var (attemptId, score) = await VoiceCalls.PracticeAsync(fixture, org.Loner, org.PublishedScenarioId);

        var email = (await fixture.EmailsToAsync(org.Loner.Email)).Where(e => e.Template == EmailTemplateNames.FeedbackReady).Should().ContainSingle().Subject;
        email.Category.Should().Be(EmailCategory.Feedback);
        email.Subject.Should().StartWith($"Feedback ready: {org.Marker} Cold call ({score}/100");
        email.TextBody.Should().Contain($"Score: {score} / 100").And.Contain($"View feedback: {App}/attempts/{attemptId}")
            .And.Contain("Questions about this call? Reply to this email.");
        email.ReplyTo.Should().MatchRegex(@"^reply\+[A-Za-z0-9_-]{35}@reply\.example\.test$");
        fixture.Factory.Services.GetRequiredService<IAttemptReplyAddresses>().TryReadAttemptId(email.ReplyTo!).Should().Be(attemptId);
        email.UnsubscribeUrl.Should().NotBeNull();
    }

    [Fact]
    public async Task A_low_score_sends_one_feedback_email_that_says_so_not_two()
    {
        var org = await fixture.SeedOrganizationAsync();
        object[] weak =
        [
            new { role = "assistant", text = "Hello?", timestamp = 0, endTimestamp = 1000 },
            new { role = "user", text = "um so basically I am like calling about um rates you know", timestamp = 1500, endTimestamp = 30000 },
        ];

        var (attemptId, score) = await VoiceCalls.PracticeAsync(fixture, org.Loner, org.PublishedScenarioId, weak);

        score.Should().BeLessThan(70, "the scenario's pass mark is 70");
        var emails = (await fixture.EmailsToAsync(org.Loner.Email)).Where(e => e.Template == EmailTemplateNames.FeedbackReady).ToList();
        emails.Should().ContainSingle("scenario.completed and attempt.scored.low are one email");
        emails[0].Subject.Should().Be($"Feedback ready: {org.Marker} Cold call ({score}/100, below the pass mark)");
        emails[0].TextBody.Should().Contain("below the pass mark of 70").And.Contain($"/attempts/{attemptId}");
    }

    [Fact]
    public async Task A_paid_invoice_sends_each_admin_a_receipt_and_a_failed_payment_alerts_them_even_with_every_preference_off()
    {
        var org = await fixture.SeedOrganizationAsync();
        await (await fixture.ClientFor(org.Admin).PutJsonAsync("/api/members/me/email-preferences", new { assignmentEmails = false, feedbackEmails = false, digest = "off" }))
            .ShouldHaveStatus(HttpStatusCode.OK);
        var invoice = "in_" + org.Id.ToString("N")[..12];
        var now = DateTimeOffset.UtcNow;

        await DeliverStripeAsync(InvoiceEvent(org, "evt_fail_" + org.Id.ToString("N"), "invoice.payment_failed", invoice, now));
        await DeliverStripeAsync(InvoiceEvent(org, "evt_paid_" + org.Id.ToString("N"), "invoice.payment_succeeded", invoice, now.AddMinutes(5)));

        var failed = (await fixture.EmailsAsync(org.Id, EmailTemplateNames.PaymentFailed)).Should().ContainSingle().Subject;
        failed.ToAddress.Should().Be(org.Admin.Email);
        failed.Category.Should().Be(EmailCategory.Essential);
        failed.Subject.Should().Be("Action needed: your payment of $49.00 failed");
        failed.TextBody.Should().Contain("Invoice: INV-0001").And.Contain("Update payment method: " + App + "/billing").And.Contain("7 days");
        failed.UnsubscribeUrl.Should().BeNull();

        var receipt = (await fixture.EmailsAsync(org.Id, EmailTemplateNames.InvoiceReceipt)).Should().ContainSingle().Subject;
        receipt.ToAddress.Should().Be(org.Admin.Email);
        receipt.Subject.Should().Be("Receipt: $49.00 paid for Voice AI Training");
        receipt.HtmlBody.Should().Contain("href=\"https://invoice.stripe.com/i/test\"");
    }

    [Fact]
    public async Task A_plan_change_tells_the_admins()
    {
        var org = await fixture.SeedOrganizationAsync();
        var now = DateTimeOffset.UtcNow;
        var subscription = new JsonObject
        {
            ["id"] = "sub_" + org.Id.ToString("N")[..12], ["object"] = "subscription", ["customer"] = "cus_" + org.Id.ToString("N")[..12], ["status"] = "active",
            ["cancel_at_period_end"] = false,
            ["metadata"] = new JsonObject { ["org_id"] = org.Id.ToString() },
            ["items"] = new JsonObject
            {
                ["object"] = "list", ["has_more"] = false,
                ["data"] = new JsonArray(new JsonObject
                {
                    ["id"] = "si_1", ["object"] = "subscription_item", ["quantity"] = 1,
                    ["current_period_start"] = now.ToUnixTimeSeconds(), ["current_period_end"] = now.AddMonths(1).ToUnixTimeSeconds(),
                    ["price"] = new JsonObject { ["id"] = EmailFixture.StarterPrice, ["object"] = "price", ["currency"] = "usd", ["unit_amount"] = 2900 },
                }),
            },
        };

        await DeliverStripeAsync(BillingFixture.Event("evt_plan_" + org.Id.ToString("N"), "customer.subscription.updated", now, subscription));

        var email = (await fixture.EmailsAsync(org.Id, EmailTemplateNames.PlanChanged)).Should().ContainSingle().Subject;
        email.ToAddress.Should().Be(org.Admin.Email);
        email.Subject.Should().Be("Your Voice AI Training plan is now Starter");
        email.TextBody.Should().Contain("Previous plan: Professional").And.Contain("New plan: Starter");
    }

    [Fact]
    public async Task A_webhook_endpoint_switched_off_by_the_platform_alerts_the_admins()
    {
        var org = await fixture.SeedOrganizationAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var admin = fixture.ClientFor(org.Admin);
        var endpoint = await (await admin.PostJsonAsync("/api/webhooks", new { name = "Old CRM", url = receiver.Hook(410), events = new[] { "user.added" }, enabled = true }))
            .ShouldHaveStatus(HttpStatusCode.Created);

        await admin.PostAsync($"/api/webhooks/{endpoint.GetProperty("endpoint").Id()}/test", null);

        var email = (await fixture.EmailsAsync(org.Id, EmailTemplateNames.WebhookDisabled)).Should().ContainSingle().Subject;
        email.ToAddress.Should().Be(org.Admin.Email);
        email.Category.Should().Be(EmailCategory.Essential);
        email.Subject.Should().Be("Webhook endpoint switched off: Old CRM");
        email.TextBody.Should().Contain("410").And.Contain("Open webhook settings: " + App + "/admin/webhooks");
    }

    [Fact]
    public async Task Deactivated_members_get_nothing()
    {
        var org = await fixture.SeedOrganizationAsync();

        (await fixture.EmailsToAsync(org.Deactivated.Email)).Should().BeEmpty("the seed deactivated them in the same save that added them");
        (await fixture.EmailsToAsync(org.Trainee.Email)).Should().Contain(e => e.Template == EmailTemplateNames.Welcome);
    }

    [Fact]
    public async Task Account_emails_are_queued_by_their_command_as_essential_without_unsubscribe()
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<MediatR.IMediator>();
        var address = $"Signup.{Guid.NewGuid():N}@Example.test";
        var expires = fixture.ManualClock.GetUtcNow().AddHours(24);

        var id = await mediator.Send(new QueueAccountEmailCommand
        {
            Kind = AccountEmailKind.EmailVerification, Email = address, Name = "Riley", Link = App + "/auth/verify?token=abc&type=signup", ExpiresAt = expires,
        });
        var invalid = () => mediator.Send(new QueueAccountEmailCommand { Kind = AccountEmailKind.PasswordReset, Email = "not-an-address", Link = "javascript:alert(1)" });

        var email = await fixture.EmailAsync(id);
        (email.ToAddress, email.Template, email.Category, email.UnsubscribeUrl, email.OrgId).Should()
            .Be((address.ToLowerInvariant(), EmailTemplateNames.EmailVerification, EmailCategory.Essential, (string?)null, (Guid?)null));
        email.Subject.Should().Be("Confirm your email address for Voice AI Training");
        email.HtmlBody.Should().Contain($"href=\"{App}/auth/verify?token=abc&amp;type=signup\"");
        email.TextBody.Should().Contain($"Confirm email address: {App}/auth/verify?token=abc&type=signup")
            .And.Contain("The link works until " + VoiceTraining.Application.Email.Templates.EmailFormat.DateTime(expires));
        (await invalid.Should().ThrowAsync<VoiceTraining.Application.Common.Exceptions.ValidationException>()).Which.Errors.Keys.Should().BeEquivalentTo("email", "link");
    }

    private async Task DeliverStripeAsync(string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/stripe") { Content = ClientHttp.RawJson(body) };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", BillingFixture.Sign(body, DateTimeOffset.UtcNow, EmailFixture.StripeWebhookSecret));
        using var response = await fixture.Anonymous().SendAsync(request);
        (await response.ShouldHaveStatus(HttpStatusCode.OK)).Str("outcome").Should().Be("applied");
    }

    private static string InvoiceEvent(SeededOrganization org, string eventId, string type, string invoiceId, DateTimeOffset created) =>
        BillingFixture.Event(eventId, type, created, new JsonObject
        {
            ["id"] = invoiceId, ["object"] = "invoice", ["customer"] = "cus_inv_" + org.Id.ToString("N")[..12], ["number"] = "INV-0001",
            ["amount_paid"] = type == "invoice.payment_failed" ? 0 : 4900, ["amount_due"] = 4900, ["currency"] = "usd",
            ["hosted_invoice_url"] = "https://invoice.stripe.com/i/test",
            ["period_start"] = created.AddMonths(-1).ToUnixTimeSeconds(), ["period_end"] = created.ToUnixTimeSeconds(),
            // Since 2025-03-31 the subscription (and its metadata) is under the invoice's parent.
            ["parent"] = new JsonObject
            {
                ["type"] = "subscription_details",
                ["subscription_details"] = new JsonObject { ["subscription"] = "sub_inv", ["metadata"] = new JsonObject { ["org_id"] = org.Id.ToString() } },
            },
        });
}
