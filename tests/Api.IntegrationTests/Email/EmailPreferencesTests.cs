using System.Net;
using System.Net.Http.Headers;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Domain.Email;

namespace VoiceTraining.Api.IntegrationTests.Email;

/// <summary>GET/PUT /api/members/me/email-preferences, what they switch off, and one-click unsubscribe links.</summary>
public sealed class EmailPreferencesTests(EmailFixture fixture) : IClassFixture<EmailFixture>
{
    private const string Url = "/api/members/me/email-preferences";

    [Fact]
    public async Task Defaults_depend_on_the_role()
    {
        var org = await fixture.SeedOrganizationAsync();

        var trainee = await fixture.ClientFor(org.Trainee).GetJsonAsync(Url);
        var manager = await fixture.ClientFor(org.Manager).GetJsonAsync(Url);
        var admin = await fixture.ClientFor(org.Admin).GetJsonAsync(Url);

        trainee.ToString().Should().Be("""{"assignmentEmails":true,"feedbackEmails":true,"digest":"off","isDefault":true}""");
        manager.ToString().Should().Be("""{"assignmentEmails":true,"feedbackEmails":true,"digest":"weekly","isDefault":true}""");
        admin.Str("digest").Should().Be("weekly");
    }

    [Fact]
    public async Task Put_replaces_them_and_get_reads_them_back()
    {
        var org = await fixture.SeedOrganizationAsync();
        var manager = fixture.ClientFor(org.Manager);

        var saved = await (await manager.PutJsonAsync(Url, new { assignmentEmails = false, feedbackEmails = true, digest = "daily" })).ShouldHaveStatus(HttpStatusCode.OK);
        saved.ToString().Should().Be("""{"assignmentEmails":false,"feedbackEmails":true,"digest":"daily","isDefault":false}""");
        (await manager.GetJsonAsync(Url)).ToString().Should().Be(saved.ToString());

        await (await manager.PutJsonAsync(Url, new { assignmentEmails = true, feedbackEmails = false, digest = "off" })).ShouldHaveStatus(HttpStatusCode.OK);
        (await manager.GetJsonAsync(Url)).ToString().Should().Be("""{"assignmentEmails":true,"feedbackEmails":false,"digest":"off","isDefault":false}""");
        (await fixture.ClientFor(org.Admin).GetJsonAsync(Url)).GetProperty("isDefault").GetBoolean().Should().BeTrue("preferences are per member");
    }

    [Fact]
    public async Task Every_field_is_required_and_the_digest_is_daily_weekly_or_off()
    {
        var org = await fixture.SeedOrganizationAsync();
        var client = fixture.ClientFor(org.Trainee);

        await (await client.PutJsonAsync(Url, new { assignmentEmails = true })).ShouldBeValidationProblem("feedbackEmails", "digest");
        await (await client.PutAsync(Url, ClientHttp.RawJson("""{"assignmentEmails":true,"feedbackEmails":true,"digest":"monthly"}"""))).ShouldBeValidationProblem("digest");
        (await client.GetJsonAsync(Url)).GetProperty("isDefault").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task Without_a_member_token_the_preferences_answer_401()
    {
        using var response = await fixture.Anonymous().GetAsync(Url);
        await response.ShouldBeProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Assignment_emails_off_means_no_assignment_email()
    {
        var org = await fixture.SeedOrganizationAsync();
        await (await fixture.ClientFor(org.Loner).PutJsonAsync(Url, new { assignmentEmails = false, feedbackEmails = true, digest = "off" })).ShouldHaveStatus(HttpStatusCode.OK);

        await (await fixture.ClientFor(org.Manager).PostJsonAsync("/api/assignments", new { memberId = org.Loner.Id, scenarioId = org.SecondScenarioId }))
            .ShouldHaveStatus(HttpStatusCode.Created);

        (await fixture.EmailsToAsync(org.Loner.Email)).Should().NotContain(e => e.Template == EmailTemplateNames.Assignment && e.Subject.EndsWith("Rate objection"));
    }

    [Fact]
    public async Task Feedback_emails_off_means_no_feedback_email()
    {
        var org = await fixture.SeedOrganizationAsync();
        await (await fixture.ClientFor(org.Loner).PutJsonAsync(Url, new { assignmentEmails = true, feedbackEmails = false, digest = "off" })).ShouldHaveStatus(HttpStatusCode.OK);

        await VoiceCalls.PracticeAsync(fixture, org.Loner, org.PublishedScenarioId);

        (await fixture.EmailsToAsync(org.Loner.Email)).Should().NotContain(e => e.Template == EmailTemplateNames.FeedbackReady);
    }

    [Fact]
    public async Task The_unsubscribe_link_shows_a_confirmation_and_its_post_switches_the_category_off()
    {
        var org = await fixture.SeedOrganizationAsync();
        var link = await AssignmentUnsubscribeLinkAsync(org);
        var path = new Uri(link).PathAndQuery;

        using var page = await fixture.Anonymous().GetAsync(path);
        await page.ShouldHaveStatus(HttpStatusCode.OK);
        page.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        var html = await page.Content.ReadAsStringAsync();
        html.Should().Contain("Stop assignment emails?").And.Contain(org.Loner.Email).And.Contain("<form method=\"post\"");
        (await fixture.ClientFor(org.Loner).GetJsonAsync(Url)).GetProperty("assignmentEmails").GetBoolean().Should().BeTrue("opening the link changes nothing");

        // What mail clients send for List-Unsubscribe-Post (RFC 8058).
        using var oneClick = await fixture.Anonymous().PostAsync(path, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        var result = await oneClick.ShouldHaveStatus(HttpStatusCode.OK);
        result.ToString().Should().Be($$"""{"email":"{{org.Loner.Email}}","category":"assignment","subscribed":false,"description":"assignment emails"}""");

        var preferences = await fixture.ClientFor(org.Loner).GetJsonAsync(Url);
        preferences.ToString().Should().Be("""{"assignmentEmails":false,"feedbackEmails":true,"digest":"off","isDefault":false}""");
        await (await fixture.ClientFor(org.Manager).PostJsonAsync("/api/assignments", new { memberId = org.Loner.Id, trackId = org.TrackId })).ShouldHaveStatus(HttpStatusCode.Created);
        (await fixture.EmailsToAsync(org.Loner.Email)).Should().NotContain(e => e.Template == EmailTemplateNames.Assignment && e.Subject.EndsWith("Onboarding"),
            "nothing after unsubscribing");

        // Again, from the browser page's button: an HTML answer, and nothing changes.
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        using var again = await fixture.Anonymous().SendAsync(request);
        await again.ShouldHaveStatus(HttpStatusCode.OK);
        (await again.Content.ReadAsStringAsync()).Should().Contain("You are unsubscribed");
        using var pageAfter = await fixture.Anonymous().GetAsync(path);
        (await pageAfter.Content.ReadAsStringAsync()).Should().Contain("Already unsubscribed");
    }

    [Fact]
    public async Task A_digest_unsubscribe_keeps_the_other_choices()
    {
        var org = await fixture.SeedOrganizationAsync();
        var manager = fixture.ClientFor(org.Manager);
        await (await manager.PutJsonAsync(Url, new { assignmentEmails = false, feedbackEmails = true, digest = "daily" })).ShouldHaveStatus(HttpStatusCode.OK);
        var tokens = fixture.Factory.Services.GetService(typeof(VoiceTraining.Application.Email.IUnsubscribeTokens)) as VoiceTraining.Application.Email.IUnsubscribeTokens;
        var token = tokens!.Create(org.Id, org.Manager.Id, EmailCategory.Digest);

        await (await fixture.Anonymous().PostAsync($"/api/email/unsubscribe?token={Uri.EscapeDataString(token)}", null)).ShouldHaveStatus(HttpStatusCode.OK);

        (await manager.GetJsonAsync(Url)).ToString().Should().Be("""{"assignmentEmails":false,"feedbackEmails":true,"digest":"off","isDefault":false}""");
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-token")]
    [InlineData("CfDJ8AAAAAAAAAAAAAAAAAAAAAA")]
    public async Task A_bad_token_answers_400_problem_details(string token)
    {
        using var page = await fixture.Anonymous().GetAsync($"/api/email/unsubscribe?token={Uri.EscapeDataString(token)}");
        using var post = await fixture.Anonymous().PostAsync($"/api/email/unsubscribe?token={Uri.EscapeDataString(token)}", null);

        (await page.ShouldBeValidationProblem("token")).GetProperty("token")[0].GetString().Should().Contain("not valid");
        page.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        await post.ShouldBeValidationProblem("token");
    }

    [Fact]
    public async Task A_tampered_token_answers_400_and_changes_nothing()
    {
        var org = await fixture.SeedOrganizationAsync();
        var link = await AssignmentUnsubscribeLinkAsync(org);
        var token = Uri.UnescapeDataString(link[(link.IndexOf("token=", StringComparison.Ordinal) + 6)..]);
        var tampered = token[..20] + (token[20] == 'A' ? 'B' : 'A') + token[21..];

        using var post = await fixture.Anonymous().PostAsync($"/api/email/unsubscribe?token={Uri.EscapeDataString(tampered)}", null);

        await post.ShouldBeValidationProblem("token");
        (await fixture.ClientFor(org.Loner).GetJsonAsync(Url)).GetProperty("assignmentEmails").GetBoolean().Should().BeTrue();
    }

    private async Task<string> AssignmentUnsubscribeLinkAsync(SeededOrganization org)
    {
        await (await fixture.ClientFor(org.Manager).PostJsonAsync("/api/assignments", new { memberId = org.Loner.Id, scenarioId = org.SecondScenarioId }))
            .ShouldHaveStatus(HttpStatusCode.Created);
        var email = (await fixture.EmailsToAsync(org.Loner.Email)).Single(e => e.Template == EmailTemplateNames.Assignment && e.Subject.EndsWith("Rate objection"));
        return email.UnsubscribeUrl!;
    }
}
