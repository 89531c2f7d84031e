using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VoiceTraining.Api.IntegrationTests.Identity;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Domain.Email;

namespace VoiceTraining.Api.IntegrationTests.Email;

/// <summary>Email and identity sync together: members synced from Clerk are welcomed, deleted ones are forgotten by the outbox.</summary>
public sealed class EmailIdentityTests(IdentityFixture fixture) : IClassFixture<IdentityFixture>
{
    [Fact]
    public async Task A_member_synced_from_clerk_gets_a_welcome_email()
    {
        var org = await fixture.SeedOrganizationAsync();
        var userId = "user_" + Guid.NewGuid().ToString("N")[..16];
        var address = $"synced.{Guid.NewGuid():N}@example.test";

        (await fixture.DeliverClerkAsync("user.created", IdentityFixture.User(userId, address, "Sid", "Synced", org.ExternalId, "trainee"))).Should().Be("applied");

        var welcome = await fixture.WithDbAsync(db => db.EmailMessages.AsNoTracking().SingleAsync(e => e.ToAddress == address));
        (welcome.Template, welcome.OrgId).Should().Be((EmailTemplateNames.Welcome, (Guid?)org.Id));
        welcome.TextBody.Should().Contain("Hi Sid Synced,").And.Contain("a trainee");
    }

    [Fact]
    public async Task Deleting_a_user_removes_their_emails_from_the_outbox()
    {
        var org = await fixture.SeedOrganizationAsync();
        await (await fixture.ClientFor(org.Manager).PostJsonAsync("/api/assignments", new { memberId = org.Trainee.Id, scenarioId = org.SecondScenarioId }))
            .ShouldHaveStatus(HttpStatusCode.Created);
        (await EmailsOfAsync(org.Trainee.Id)).Should().BeGreaterThan(0);

        (await fixture.DeliverClerkAsync("user.deleted", new JsonObject { ["id"] = org.Trainee.ExternalUserId, ["object"] = "user", ["deleted"] = true })).Should().Be("applied");

        (await EmailsOfAsync(org.Trainee.Id)).Should().Be(0);
        (await fixture.WithDbAsync(db => db.EmailMessages.CountAsync(e => e.ToAddress == org.Trainee.Email))).Should().Be(0);
        (await EmailsOfAsync(org.Teammate.Id)).Should().BeGreaterThan(0, "other members' emails stay");
    }

    [Fact]
    public async Task Mailguns_domain_makes_reply_addresses_that_the_inbound_webhook_reads()
    {
        var replies = fixture.Factory.Services.GetRequiredService<IAttemptReplyAddresses>();
        var attemptId = Guid.CreateVersion7();

        var address = replies.ForAttempt(Guid.CreateVersion7(), attemptId);

        address.Should().EndWith("@" + IdentityFixture.MailgunDomain);
        replies.TryReadAttemptId(address!).Should().Be(attemptId);
    }

    private Task<int> EmailsOfAsync(Guid memberId) => fixture.WithDbAsync(db => db.EmailMessages.CountAsync(e => e.MemberId == memberId));
}
