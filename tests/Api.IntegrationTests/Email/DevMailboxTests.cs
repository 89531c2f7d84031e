using System.Net;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Infrastructure.Email;

namespace VoiceTraining.Api.IntegrationTests.Email;

/// <summary>GET /api/dev/mailbox: Development with no email provider only; 404 everywhere else.</summary>
public sealed class DevMailboxTests(EmailFixture fixture) : IClassFixture<EmailFixture>
{
    [Fact]
    public async Task In_development_without_a_provider_the_mailbox_lists_every_email_newest_first()
    {
        await using var factory = fixture.CreateFactory(fixture.Jwks, fixture.Clock, environment: "Development");
        using var client = factory.CreateClient();
        var org = await fixture.SeedOrganizationAsync();
        var first = $"first.{Guid.NewGuid():N}@example.test";
        var second = $"second.{Guid.NewGuid():N}@example.test";
        await (await fixture.ClientFor(org.Admin).PostJsonAsync("/api/members", new { email = first })).ShouldHaveStatus(HttpStatusCode.Created);
        fixture.ManualClock.Advance(TimeSpan.FromSeconds(1));
        await (await fixture.ClientFor(org.Admin).PostJsonAsync("/api/members", new { email = second, name = "Sky Second" })).ShouldHaveStatus(HttpStatusCode.Created);
        await fixture.SendDueAsync();

        var mailbox = (await client.GetJsonAsync("/api/dev/mailbox?limit=200")).EnumerateArray().ToList();
        var mine = mailbox.Where(m => m.Str("to") == first || m.Str("to") == second).ToList();
        mine.Select(m => m.Str("to")).Should().Equal(second, first);
        var latest = mine[0];
        latest.GetProperty("toName").GetString().Should().Be("Sky Second");
        latest.Str("subject").Should().Be($"Welcome to {org.Name} on Voice AI Training");
        latest.Str("template").Should().Be("welcome");
        latest.Str("category").Should().Be("account");
        latest.Str("status").Should().Be("sent");
        latest.Str("html").Should().StartWith("<!DOCTYPE html>");
        latest.Str("text").Should().Contain("Hi Sky Second,");
        latest.Id("orgId").Should().Be(org.Id);
        latest.GetProperty("createdAt").GetDateTimeOffset().Should().Be(fixture.ManualClock.GetUtcNow());
        latest.GetProperty("sentAt").GetDateTimeOffset().Should().Be(fixture.ManualClock.GetUtcNow());
        mailbox.Select(m => m.GetProperty("createdAt").GetDateTimeOffset()).Should().BeInDescendingOrder();

        var filtered = await client.GetJsonAsync($"/api/dev/mailbox?to={Uri.EscapeDataString(first.ToUpperInvariant())}");
        filtered.EnumerateArray().Select(m => m.Str("to")).Should().Equal(first);
        await (await client.GetAsync("/api/dev/mailbox?limit=0")).ShouldBeValidationProblem("limit");
        (await client.GetJsonAsync("/api/config")).GetProperty("emailLocalMode").GetBoolean().Should().BeTrue();
        factory.Logs.Should().Contain(l => l.Contains("Email: local mode.", StringComparison.Ordinal) && l.Contains("/api/dev/mailbox", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Outside_development_the_mailbox_answers_404()
    {
        using var response = await fixture.Anonymous().GetAsync("/api/dev/mailbox");

        await response.ShouldBeProblem(HttpStatusCode.NotFound);
        (await fixture.Anonymous().GetJsonAsync("/api/config")).GetProperty("emailLocalMode").GetBoolean().Should().BeFalse();
    }

    [Theory]
    [InlineData("Production", false)]
    [InlineData("Development", true)]
    public async Task With_a_provider_or_outside_development_the_mailbox_answers_404(string environment, bool withProvider)
    {
        await using var factory = fixture.CreateFactory(fixture.Jwks, environment: environment, configure: s =>
        {
            if (!withProvider) return;
            s["Email:Provider"] = "";
            s["RESEND_API_KEY"] = FakeEmailProvider.ResendKey;
            s["EMAIL_FROM"] = "notifications@example.test";
        });
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/api/dev/mailbox");

        (await response.ShouldBeProblem(HttpStatusCode.NotFound)).ToString().Should().NotContain("\"html\"");
        (await client.GetJsonAsync("/api/config")).GetProperty("emailLocalMode").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public void Without_provider_keys_email_runs_in_local_mode()
    {
        var settings = (EmailSettings)fixture.Factory.Services.GetService(typeof(EmailSettings))!;
        settings.Provider.Should().Be(EmailProvider.Local);
        settings.Describe().Should().Be("local mode");
    }
}
