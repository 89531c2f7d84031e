using System.Net;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Domain.Email;

namespace VoiceTraining.Api.IntegrationTests.Email;

/// <summary>The background sender running, polling only hourly: what sends an email promptly is the wake-up after commit.</summary>
public sealed class EmailWorkerFixture : EmailFixture
{
    protected override void Configure(IDictionary<string, string?> settings)
    {
        base.Configure(settings);
        settings["Workers:Enabled"] = "true";
        settings["Email:PollInterval"] = "01:00:00";
        settings["Email:DigestScanInterval"] = "01:00:00";
        settings["Webhooks:OverdueScanInterval"] = "01:00:00";
    }
}

public sealed class EmailSenderWorkerTests(EmailWorkerFixture fixture) : IClassFixture<EmailWorkerFixture>
{
    [Fact]
    public async Task A_committed_change_wakes_the_sender_at_once()
    {
        var org = await fixture.SeedOrganizationAsync();
        var address = $"wake.{Guid.NewGuid():N}@example.test";

        await (await fixture.ClientFor(org.Admin).PostJsonAsync("/api/members", new { email = address })).ShouldHaveStatus(HttpStatusCode.Created);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        List<EmailMessage> emails;
        do
        {
            await Task.Delay(50);
            emails = await fixture.EmailsToAsync(address);
        } while (emails.Any(e => e.Status != EmailStatus.Sent) && DateTime.UtcNow < deadline);
        emails.Should().ContainSingle().Which.Status.Should().Be(EmailStatus.Sent);
    }
}
