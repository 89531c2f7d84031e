using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Application.Identity.Commands.RetryPendingIdentityEvent;
using VoiceTraining.Domain.Attempts;
using VoiceTraining.Domain.Integrations;
using VoiceTraining.Domain.Members;
using VoiceTraining.Infrastructure.Identity;
using VoiceTraining.Infrastructure.Security;
using static VoiceTraining.Api.IntegrationTests.Infrastructure.Eventually;

namespace VoiceTraining.Api.IntegrationTests.Identity;

/// <summary>POST /api/webhooks/clerk: Svix signatures, once-only processing, and each event's effect on organizations and members.</summary>
public sealed class ClerkWebhookTests(IdentityFixture fixture) : IClassFixture<IdentityFixture>
{
    private static string NewUserId() => "user_" + Guid.NewGuid().ToString("N")[..20];

    private Task<List<Member>> MembersWithUserIdAsync(string userId) =>
        fixture.WithDbAsync(db => db.Members.IgnoreQueryFilters().AsNoTracking().Where(m => m.ExternalUserId == userId).ToListAsync());

    /// <summary>The organization's events as integrators get them: the webhook messages written for its subscribable events.</summary>
    private Task<List<string>> EventTypesAsync(Guid orgId) =>
        fixture.WithDbAsync(db => db.WebhookMessages.IgnoreQueryFilters().AsNoTracking().Where(m => m.OrgId == orgId).OrderBy(m => m.CreatedAt).Select(m => m.EventType).ToListAsync());

    /// <summary>The bodies of the organization's webhook messages of this type (snake_case JSON).</summary>
    private async Task<List<JsonElement>> EventsAsync(Guid orgId, string type) =>
        (await fixture.WithDbAsync(db => db.WebhookMessages.IgnoreQueryFilters().AsNoTracking()
            .Where(m => m.OrgId == orgId && m.EventType == type).OrderBy(m => m.CreatedAt).Select(m => m.Payload).ToListAsync()))
        .Select(ClientHttp.Parse).ToList();

    private Task<PendingIdentityEvent> PendingEventAsync(string awaitedOrganization) =>
        fixture.WithDbAsync(db => db.PendingIdentityEvents.AsNoTracking().SingleAsync(p => p.AwaitedOrganization == awaitedOrganization));

    private static JsonObject Organization(string id, string name) => new() { ["id"] = id, ["object"] = "organization", ["name"] = name, ["slug"] = id };

    private Task<int> LedgerCountAsync(string svixId) =>
        fixture.WithDbAsync(db => db.ProcessedInboundEvents.CountAsync(e => e.Provider == "clerk" && e.EventKey == svixId));

    [Fact]
    public async Task User_created_with_an_org_in_public_metadata_becomes_a_member_with_the_primary_email_and_role()
    {
        var org = await fixture.SeedOrganizationAsync();
        var userId = NewUserId();
        var outcome = await fixture.DeliverClerkAsync("user.created", IdentityFixture.User(userId, $"{userId}@example.test", "Riley", "Rep", org.ExternalId, "rep"));

        outcome.Should().Be("applied");
        var member = (await MembersWithUserIdAsync(userId)).Should().ContainSingle().Subject;
        member.OrgId.Should().Be(org.Id);
        member.Email.Should().Be($"{userId}@example.test", "the primary address wins over the first one");
        member.Name.Should().Be("Riley Rep");
        member.Role.Should().Be(MemberRole.Trainee, "SalesPulse's rep is a trainee");
        member.IsActive.Should().BeTrue();
        (await EventTypesAsync(org.Id)).Should().Contain("user.added");

        // The new member can sign in with a Clerk token at once.
        var token = fixture.Jwks.CreateToken(new TokenSpec { Subject = userId, OrgId = org.ExternalId });
        var me = await fixture.ClientWithToken(token).GetJsonAsync("/api/members/me");
        me.Id().Should().Be(member.Id);
    }

    [Theory]
    [InlineData("no-signature")]
    [InlineData("wrong-secret")]
    [InlineData("tampered-body")]
    [InlineData("stale")]
    [InlineData("future")]
    [InlineData("not-v1")]
    public async Task A_bad_signature_is_401_and_stores_nothing(string attack)
    {
        var org = await fixture.SeedOrganizationAsync();
        var userId = NewUserId();
        var body = IdentityFixture.ClerkEvent("user.created", IdentityFixture.User(userId, $"{userId}@example.test", "Eve", "Forger", org.ExternalId, "admin"));
        var svixId = "msg_" + Guid.NewGuid().ToString("N");
        var now = fixture.ManualClock.GetUtcNow();
        var otherSecret = "whsec_" + Convert.ToBase64String(Encoding.ASCII.GetBytes("not the configured secret"));
        string Sign(string secret, DateTimeOffset at, string content) => StandardWebhooks.Sign(secret, svixId, at.ToUnixTimeSeconds(), Encoding.UTF8.GetBytes(content));

        using var response = attack switch
        {
            "no-signature" => await fixture.PostClerkAsync(body, svixId, signature: ""),
            "wrong-secret" => await fixture.PostClerkAsync(body, svixId, signature: Sign(otherSecret, now, body)),
            "tampered-body" => await fixture.PostClerkAsync(body.Replace("Eve", "Eva"), svixId, signature: Sign(IdentityFixture.ClerkSecret, now, body)),
            "stale" => await fixture.PostClerkAsync(body, svixId, now.AddMinutes(-6), Sign(IdentityFixture.ClerkSecret, now.AddMinutes(-6), body)),
            "future" => await fixture.PostClerkAsync(body, svixId, now.AddMinutes(6), Sign(IdentityFixture.ClerkSecret, now.AddMinutes(6), body)),
            _ => await fixture.PostClerkAsync(body, svixId, signature: Sign(IdentityFixture.ClerkSecret, now, body).Replace("v1,", "v2,")),
        };

        var problem = await response.ShouldBeProblem(HttpStatusCode.Unauthorized);
        problem.Str("detail").Should().Be("The webhook could not be authenticated.", "why goes to the log, not to the sender");
        (await MembersWithUserIdAsync(userId)).Should().BeEmpty();
        (await LedgerCountAsync(svixId)).Should().Be(0);
    }

    [Fact]
    public async Task One_matching_signature_among_several_is_enough()
    {
        var org = await fixture.SeedOrganizationAsync();
        var userId = NewUserId();
        var body = IdentityFixture.ClerkEvent("user.created", IdentityFixture.User(userId, $"{userId}@example.test", "Kai", "Keys", org.ExternalId));
        var svixId = "msg_" + Guid.NewGuid().ToString("N");
        var ts = fixture.ManualClock.GetUtcNow().ToUnixTimeSeconds();
        var good = StandardWebhooks.Sign(IdentityFixture.ClerkSecret, svixId, ts, Encoding.UTF8.GetBytes(body));
        var header = $"v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= {good} v1a,ignored";
        using var response = await fixture.PostClerkAsync(body, svixId, signature: header);
        (await response.ShouldHaveStatus(HttpStatusCode.OK)).Str("outcome").Should().Be("applied");
    }

    [Fact]
    public async Task A_redelivered_event_is_applied_once_even_when_both_arrive_together()
    {
        var org = await fixture.SeedOrganizationAsync();
        var userId = NewUserId();
        var body = IdentityFixture.ClerkEvent("user.created", IdentityFixture.User(userId, $"{userId}@example.test", "Dee", "Dupe", org.ExternalId));
        var svixId = "msg_" + Guid.NewGuid().ToString("N");

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => fixture.PostClerkAsync(body, svixId)));
        var outcomes = new List<string>();
        foreach (var r in responses) outcomes.Add((await r.ShouldHaveStatus(HttpStatusCode.OK)).Str("outcome"));
        outcomes.Should().ContainSingle(o => o == "applied").And.OnlyContain(o => o == "applied" || o == "duplicate");

        using var again = await fixture.PostClerkAsync(body, svixId);
        (await again.ShouldHaveStatus(HttpStatusCode.OK)).Str("outcome").Should().Be("duplicate");
        var member = (await MembersWithUserIdAsync(userId)).Should().ContainSingle().Subject;
        (await EventsAsync(org.Id, "user.added")).Count(e => e.GetProperty("user").Id() == member.Id).Should().Be(1, "user.added is raised once");
    }

    [Fact]
    public async Task User_updated_syncs_email_name_and_role_and_a_role_change_raises_user_promoted()
    {
        var org = await fixture.SeedOrganizationAsync();
        var userId = NewUserId();
        await fixture.DeliverClerkAsync("user.created", IdentityFixture.User(userId, $"{userId}@example.test", "Pat", "Trainee", org.ExternalId, "trainee"));

        var outcome = await fixture.DeliverClerkAsync("user.updated", IdentityFixture.User(userId, $"new.{userId}@example.test", "Patricia", "Lead", org.ExternalId, "manager"));

        outcome.Should().Be("applied");
        var member = (await MembersWithUserIdAsync(userId)).Single();
        member.Email.Should().Be($"new.{userId}@example.test");
        member.Name.Should().Be("Patricia Lead");
        member.Role.Should().Be(MemberRole.Manager);
        var promoted = (await EventsAsync(org.Id, "user.promoted")).Should().ContainSingle().Subject;
        (promoted.GetProperty("user").Id(), promoted.Str("old_role"), promoted.Str("new_role")).Should().Be((member.Id, "trainee", "manager"));
    }

    [Fact]
    public async Task User_updated_that_adds_an_org_to_metadata_links_a_user_who_signed_up_without_one()
    {
        var org = await fixture.SeedOrganizationAsync();
        var userId = NewUserId();
        (await fixture.DeliverClerkAsync("user.created", IdentityFixture.User(userId, $"{userId}@example.test", "Nora", "Noorg"))).Should().Be("ignored");
        (await MembersWithUserIdAsync(userId)).Should().BeEmpty();
        fixture.Factory.Logs.Should().Contain(l => l.Contains(userId) && l.Contains("no org_id in public_metadata"));

        (await fixture.DeliverClerkAsync("user.updated", IdentityFixture.User(userId, $"{userId}@example.test", "Nora", "Noorg", org.ExternalId, "admin"))).Should().Be("applied");
        (await MembersWithUserIdAsync(userId)).Should().ContainSingle().Which.Role.Should().Be(MemberRole.Admin);
    }

    [Fact]
    public async Task A_member_an_admin_invited_by_email_is_linked_to_their_account_not_duplicated()
    {
        var org = await fixture.SeedOrganizationAsync();
        var email = $"invitee.{Guid.NewGuid():N}@example.test";
        var invited = await (await fixture.ClientFor(org.Admin).PostJsonAsync("/api/members", new { email, name = "Ivy Invitee", role = "manager" }))
            .ShouldHaveStatus(HttpStatusCode.Created);
        var userId = NewUserId();

        await fixture.DeliverClerkAsync("organizationMembership.created", IdentityFixture.Membership(org.ExternalId, userId, "org:manager", email, "Ivy"));

        var members = await MembersWithUserIdAsync(userId);
        members.Should().ContainSingle().Which.Id.Should().Be(invited.Id());
        (await fixture.WithDbAsync(db => db.Members.IgnoreQueryFilters().CountAsync(m => m.OrgId == org.Id && m.Email == email))).Should().Be(1);
    }

    [Theory]
    [InlineData("org:admin", MemberRole.Admin)]
    [InlineData("org:manager", MemberRole.Manager)]
    [InlineData("org:member", MemberRole.Trainee)]
    [InlineData("org:something_custom", MemberRole.Trainee)]
    public async Task Membership_created_links_the_user_with_the_mapped_role(string clerkRole, MemberRole expected)
    {
        var org = await fixture.SeedOrganizationAsync();
        var userId = NewUserId();
        (await fixture.DeliverClerkAsync("organizationMembership.created",
            IdentityFixture.Membership(org.ExternalId, userId, clerkRole, $"{userId}@example.test", "Morgan"))).Should().Be("applied");
        var member = (await MembersWithUserIdAsync(userId)).Should().ContainSingle().Subject;
        member.Role.Should().Be(expected);
        member.OrgId.Should().Be(org.Id);
        member.Email.Should().Be($"{userId}@example.test");
    }

    [Fact]
    public async Task Membership_deleted_removes_the_member_from_the_org_and_their_token_stops_working()
    {
        var org = await fixture.SeedOrganizationAsync();
        var token = fixture.TokenFor(org.Loner);
        (await fixture.ClientWithToken(token).GetJsonAsync("/api/members/me")).Id().Should().Be(org.Loner.Id);

        (await fixture.DeliverClerkAsync("organizationMembership.deleted", IdentityFixture.Membership(org.ExternalId, org.Loner.ExternalUserId, "org:member"))).Should().Be("applied");

        var member = (await MembersWithUserIdAsync(org.Loner.ExternalUserId)).Single();
        member.Status.Should().Be(MemberStatus.Deactivated);
        using var after = await fixture.ClientWithToken(token).GetAsync("/api/members/me");
        (await after.ShouldBeProblem(HttpStatusCode.Forbidden)).Str("detail").Should().Contain("deactivated");
    }

    [Fact]
    public async Task A_membership_for_an_organization_not_known_yet_waits_and_is_applied_when_the_organization_arrives()
    {
        var clerkOrg = "org_" + Guid.NewGuid().ToString("N")[..16];
        var userId = NewUserId();

        (await fixture.DeliverClerkAsync("organizationMembership.created", IdentityFixture.Membership(clerkOrg, userId, "org:admin", $"{userId}@example.test", "Early")))
            .Should().Be("deferred");
        (await MembersWithUserIdAsync(userId)).Should().BeEmpty();
        var pending = await PendingEventAsync(clerkOrg);
        (pending.EventType, pending.Status, pending.Attempts).Should().Be(("organizationMembership.created", PendingIdentityEventStatus.Pending, 0));
        pending.NextAttemptAt.Should().Be(fixture.ManualClock.GetUtcNow() + TimeSpan.FromMinutes(1), "the first retry is a minute after it arrived");

        // Still unknown at the first retry: it waits on the schedule.
        fixture.ManualClock.Advance(TimeSpan.FromMinutes(1));
        (await fixture.RetryDueIdentityEventsAsync()).Where(r => r.Item.Id == pending.Id).Select(r => r.Result.Outcome)
            .Should().Equal(PendingIdentityRetryOutcome.StillWaiting);
        (await MembersWithUserIdAsync(userId)).Should().BeEmpty();
        var waiting = await PendingEventAsync(clerkOrg);
        (waiting.Status, waiting.Attempts, waiting.LeaseToken).Should().Be((PendingIdentityEventStatus.Pending, 1, (Guid?)null));
        waiting.NextAttemptAt.Should().Be(fixture.ManualClock.GetUtcNow() + RetryPendingIdentityEventCommand.Retries.Delays[0]);
        waiting.LastError.Should().Contain(clerkOrg);

        (await fixture.DeliverClerkAsync("organization.created", Organization(clerkOrg, "Late Lending"))).Should().Be("applied");
        var org = await fixture.WithDbAsync(db => db.Organizations.AsNoTracking().SingleAsync(o => o.ExternalId == clerkOrg));
        org.Name.Should().Be("Late Lending");
        (await PendingEventAsync(clerkOrg)).NextAttemptAt.Should().Be(fixture.ManualClock.GetUtcNow(), "the organization's arrival makes the waiting event due at once");

        (await fixture.RetryDueIdentityEventsAsync()).Where(r => r.Item.Id == pending.Id).Select(r => r.Result.Outcome)
            .Should().Equal(PendingIdentityRetryOutcome.Applied);
        var member = (await MembersWithUserIdAsync(userId)).Should().ContainSingle().Subject;
        member.OrgId.Should().Be(org.Id);
        member.Role.Should().Be(MemberRole.Admin);
        (await fixture.WithDbAsync(db => db.PendingIdentityEvents.AnyAsync(p => p.AwaitedOrganization == clerkOrg))).Should().BeFalse("an applied event is removed");
    }

    [Fact]
    public async Task The_organizations_arrival_wakes_the_worker_which_applies_the_waiting_event_without_waiting_for_its_poll()
    {
        // One organization's event is due when the worker starts; the next poll is then ten minutes away.
        var first = "org_" + Guid.NewGuid().ToString("N")[..16];
        var firstUser = NewUserId();
        await fixture.DeliverClerkAsync("organizationMembership.created", IdentityFixture.Membership(first, firstUser, "org:member", $"{firstUser}@example.test"));
        await fixture.DeliverClerkAsync("organization.created", Organization(first, "First Lending"));
        var job = ActivatorUtilities.CreateInstance<PendingIdentityEventJob>(fixture.Factory.Services, new IdentityWorkerOptions { PollInterval = TimeSpan.FromMinutes(10) });
        using var worker = job.CreateWorker(fixture.Factory.Services.GetRequiredService<ILoggerFactory>());
        await worker.StartAsync(CancellationToken.None);
        try
        {
            await EventuallyAsync(async () => (await MembersWithUserIdAsync(firstUser)).Count == 1, "the due event is applied at start");

            var second = "org_" + Guid.NewGuid().ToString("N")[..16];
            var secondUser = NewUserId();
            (await fixture.DeliverClerkAsync("organizationMembership.created", IdentityFixture.Membership(second, secondUser, "org:manager", $"{secondUser}@example.test")))
                .Should().Be("deferred");
            await fixture.DeliverClerkAsync("organization.created", Organization(second, "Second Lending"));

            await EventuallyAsync(async () => (await MembersWithUserIdAsync(secondUser)).Count == 1,
                "organization.created wakes the worker (logs: " + fixture.RecentLogs + ")");
            (await MembersWithUserIdAsync(secondUser)).Single().Role.Should().Be(MemberRole.Manager);
            await EventuallyAsync(async () => !await fixture.WithDbAsync(db => db.PendingIdentityEvents.AnyAsync(p => p.AwaitedOrganization == second)),
                "the applied event is removed");
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_retry_under_way_when_the_organization_arrives_is_superseded_and_the_event_applied_at_once()
    {
        var clerkOrg = "org_" + Guid.NewGuid().ToString("N")[..16];
        var userId = NewUserId();
        await fixture.DeliverClerkAsync("organizationMembership.created", IdentityFixture.Membership(clerkOrg, userId, "org:member", $"{userId}@example.test"));
        var pending = await PendingEventAsync(clerkOrg);
        fixture.ManualClock.Advance(TimeSpan.FromMinutes(1));

        // A worker holds the event and finds the organization still unknown …
        var job = fixture.PendingEvents;
        var claimed = await job.ClaimAsync(50, CancellationToken.None);
        claimed.Should().ContainSingle(i => i.Id == pending.Id);
        var outcomes = new List<PendingIdentityEventRetried>();
        foreach (var item in claimed) outcomes.Add(await job.HandleAsync(item, CancellationToken.None));
        outcomes.Single(o => o.Item.Id == pending.Id).Result.Outcome.Should().Be(PendingIdentityRetryOutcome.StillWaiting);

        // … then the organization arrives before that outcome is written.
        (await fixture.DeliverClerkAsync("organization.created", Organization(clerkOrg, "Racing Lending"))).Should().Be("applied");
        await job.SettleAsync(outcomes, CancellationToken.None);

        var handedBack = await PendingEventAsync(clerkOrg);
        (handedBack.LeaseToken, handedBack.Attempts, handedBack.NextAttemptAt)
            .Should().Be(((Guid?)null, 0, fixture.ManualClock.GetUtcNow()), "the stale outcome is not written: the event is due now");
        (await fixture.RetryDueIdentityEventsAsync()).Where(r => r.Item.Id == pending.Id).Select(r => r.Result.Outcome)
            .Should().Equal(PendingIdentityRetryOutcome.Applied);
        (await MembersWithUserIdAsync(userId)).Should().ContainSingle();
    }

    [Fact]
    public async Task A_waiting_event_is_given_up_after_its_keep_period_and_stays_for_inspection()
    {
        var clerkOrg = "org_" + Guid.NewGuid().ToString("N")[..16];
        await fixture.DeliverClerkAsync("organizationMembership.created", IdentityFixture.Membership(clerkOrg, NewUserId(), "org:member"));
        var pending = await PendingEventAsync(clerkOrg);
        fixture.ManualClock.Advance(TimeSpan.FromDays(8));

        (await fixture.RetryDueIdentityEventsAsync()).Where(r => r.Item.Id == pending.Id).Select(r => r.Result.Outcome)
            .Should().Equal(PendingIdentityRetryOutcome.Expired);
        var row = await PendingEventAsync(clerkOrg);
        (row.Status, row.Attempts, row.LeaseToken).Should().Be((PendingIdentityEventStatus.Expired, 1, (Guid?)null));
        row.LastError.Should().Contain(clerkOrg);
        row.IsExpired(fixture.ManualClock.GetUtcNow()).Should().BeTrue();
        fixture.Factory.Logs.Should().Contain(l => l.Contains(pending.EventId) && l.Contains("gave up waiting"));

        // Given up means not tried again, even when its organization turns up.
        await fixture.DeliverClerkAsync("organization.created", Organization(clerkOrg, "Too Late Lending"));
        (await fixture.RetryDueIdentityEventsAsync()).Should().NotContain(r => r.Item.Id == pending.Id);
        (await PendingEventAsync(clerkOrg)).Status.Should().Be(PendingIdentityEventStatus.Expired);
    }

    [Fact]
    public async Task User_deleted_anonymizes_the_person_keeps_scores_redacts_their_name_and_later_deletes_recordings()
    {
        var org = await fixture.SeedOrganizationAsync();
        var transcript = new object[]
        {
            new { role = "assistant", text = "Hello, who is this?", timestamp = 0, endTimestamp = 2000 },
            new { role = "user", text = $"Hi, this is {org.Trainee.Name.Split(' ')[0]} from Acme. What matters most to you?", timestamp = 2600, endTimestamp = 6000 },
            new { role = "assistant", text = $"Nice to meet you, {org.Trainee.Name.Split(' ')[0]}. Cost, mostly.", timestamp = 6800, endTimestamp = 9000 },
            new { role = "user", text = "Could we set up a meeting on Thursday?", timestamp = 9600, endTimestamp = 12000 },
        };
        var (attemptId, score) = await VoiceCalls.PracticeAsync(fixture, org.Trainee, org.PublishedScenarioId, transcript);
        // As the recording worker would have left it: a stored copy.
        var key = $"{org.Id}/{attemptId}.wav";
        Directory.CreateDirectory(Path.Combine(fixture.Factory.StorageRoot, org.Id.ToString()));
        await File.WriteAllBytesAsync(Path.Combine(fixture.Factory.StorageRoot, key), [1, 2, 3]);
        await fixture.WithDbAsync(db => db.Database.ExecuteSqlAsync(
            $"UPDATE scenario_attempts SET recording_status = 'Stored', recording_key = {key}, recording_content_type = 'audio/wav', recording_bytes = 3 WHERE id = {attemptId}"));

        (await fixture.DeliverClerkAsync("user.deleted", new JsonObject { ["id"] = org.Trainee.ExternalUserId, ["object"] = "user", ["deleted"] = true })).Should().Be("applied");

        var member = await fixture.WithDbAsync(db => db.Members.IgnoreQueryFilters().AsNoTracking().SingleAsync(m => m.Id == org.Trainee.Id));
        member.Name.Should().Be("Deleted user");
        member.Email.Should().EndWith("@anonymized.invalid");
        member.ExternalUserId.Should().NotBe(org.Trainee.ExternalUserId);
        member.Status.Should().Be(MemberStatus.Deactivated);
        member.AnonymizedAt.Should().NotBeNull();

        var attempt = await fixture.ClientFor(org.Admin).GetJsonAsync($"/api/attempts/{attemptId}");
        attempt.Int("score").Should().Be(score, "scores and statistics stay");
        var firstName = org.Trainee.Name.Split(' ')[0];
        attempt.GetProperty("transcript").ToString().Should().NotContain(firstName).And.Contain("[name removed]");
        attempt.Str("memberName").Should().Be("Deleted user");
        attempt.GetProperty("transcript")[1].Str("role").Should().Be("user", "speaker labels stay roles, never names");

        // Within the retention period the recording stays; after it, the scheduled purge deletes it.
        fixture.ManualClock.Advance(TimeSpan.FromDays(29));
        (await fixture.RunScheduledJobAsync("deleted-member-recordings")).Should().BeTrue("the purge is due (it runs hourly)");
        File.Exists(Path.Combine(fixture.Factory.StorageRoot, key)).Should().BeTrue();
        (await fixture.WithDbAsync(db => db.Attempts.IgnoreQueryFilters().AsNoTracking().SingleAsync(a => a.Id == attemptId))).RecordingStatus
            .Should().Be(RecordingStatus.Stored);
        fixture.ManualClock.Advance(TimeSpan.FromDays(2));
        (await fixture.RunScheduledJobAsync("deleted-member-recordings")).Should().BeTrue();
        File.Exists(Path.Combine(fixture.Factory.StorageRoot, key)).Should().BeFalse();
        var stored = await fixture.WithDbAsync(db => db.Attempts.IgnoreQueryFilters().AsNoTracking().SingleAsync(a => a.Id == attemptId));
        stored.RecordingStatus.Should().Be(RecordingStatus.Deleted);
        stored.RecordingKey.Should().BeNull();
        stored.Score.Should().Be(score);
    }

    [Fact]
    public async Task Organization_updated_renames_and_unknown_types_are_acknowledged()
    {
        var org = await fixture.SeedOrganizationAsync();
        (await fixture.DeliverClerkAsync("organization.updated", new JsonObject { ["id"] = org.ExternalId, ["name"] = "Renamed Lending" })).Should().Be("applied");
        (await fixture.WithDbAsync(db => db.Organizations.AsNoTracking().SingleAsync(o => o.Id == org.Id))).Name.Should().Be("Renamed Lending");
        (await fixture.DeliverClerkAsync("session.created", new JsonObject { ["id"] = "sess_1" })).Should().Be("ignored");
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"type":"user.created"}""")]
    [InlineData("""{"type":"user.created","data":{"object":"user"}}""")]
    [InlineData("""{"type":"organizationMembership.created","data":{"role":"org:admin"}}""")]
    public async Task A_signed_body_that_is_not_a_readable_event_is_400(string body)
    {
        using var response = await fixture.PostClerkAsync(body);
        await response.ShouldBeProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Without_a_webhook_secret_the_endpoint_says_it_is_not_configured()
    {
        await using var factory = fixture.CreateFactory(fixture.Jwks, configure: s => s["CLERK_WEBHOOK_SECRET"] = "");
        using var client = factory.CreateClient();
        using var response = await client.PostAsync("/api/webhooks/clerk", ClientHttp.RawJson("{}"));
        (await response.ShouldBeProblem(HttpStatusCode.ServiceUnavailable)).Str("detail").Should().Contain("CLERK_WEBHOOK_SECRET");
    }

}
