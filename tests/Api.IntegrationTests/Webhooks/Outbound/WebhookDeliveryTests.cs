using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Domain.Email;

namespace VoiceTraining.Api.IntegrationTests.Webhooks.Outbound;

/// <summary>
/// Outbound webhooks end to end: real actions raise events, the background dispatcher delivers them
/// over HTTP to a local receiver, which checks the signatures the way an integrator would.
/// </summary>
public sealed class WebhookDeliveryTests(WebhookDeliveryFixture fixture) : IClassFixture<WebhookDeliveryFixture>
{
    private WebhookReceiver Receiver => fixture.Receiver;

    private async Task<(Guid Id, string Secret)> CreateEndpointAsync(SeededOrganization org, string url, params string[] events)
    {
        using var response = await fixture.ClientFor(org.Admin).PostJsonAsync("/api/webhooks", new
        {
            name = "CRM",
            url,
            events = events.Length == 0 ? new[] { "scenario.assigned", "scenario.completed", "attempt.scored.low", "track.completed", "user.added", "user.promoted", "assignment.overdue" } : events,
        });
        var created = await response.ShouldHaveStatus(HttpStatusCode.Created);
        return (created.GetProperty("endpoint").Id(), created.Str("secret"));
    }

    private static readonly object[] NoMeetingAsked =
        [.. VoiceCalls.GoodConversation().Take(5), new { role = "user", text = "That makes sense. I will send you our rates by email today.", timestamp = 20700, endTimestamp = 26000 }];

    [Fact]
    public async Task Every_event_type_is_produced_by_its_real_action_and_delivered_signed()
    {
        var org = await fixture.SeedOrganizationAsync();
        var url = Receiver.Hook();
        var (endpointId, secret) = await CreateEndpointAsync(org, url);
        var admin = fixture.ClientFor(org.Admin);
        var manager = fixture.ClientFor(org.Manager);

        // user.added and user.promoted: an admin adds a person, then makes them a manager.
        var added = await (await admin.PostJsonAsync("/api/members", new { email = $"new.{Guid.NewGuid():N}@example.test", name = "Nova New", role = "trainee" }))
            .ShouldHaveStatus(HttpStatusCode.Created);
        await (await admin.PutJsonAsync($"/api/members/{added.Id()}/role", new { role = "manager" })).ShouldHaveStatus(HttpStatusCode.OK);

        // scenario.assigned, then assignment.overdue once its due date passes and the scan runs.
        var assignment = await (await manager.PostJsonAsync("/api/assignments", new
        {
            memberId = org.Teammate.Id, scenarioId = org.PublishedScenarioId, dueAt = fixture.ManualClock.GetUtcNow().AddHours(1),
        })).ShouldHaveStatus(HttpStatusCode.Created);

        // scenario.completed twice; the second call scores under a raised threshold (attempt.scored.low) and finishes the track.
        await VoiceCalls.PracticeAsync(fixture, org.Trainee, org.PublishedScenarioId);
        await fixture.WithDbAsync(db => db.Database.ExecuteSqlInterpolatedAsync($"UPDATE scenarios SET passing_threshold = 100 WHERE id = {org.SecondScenarioId}"));
        var (lowAttemptId, lowScore) = await VoiceCalls.PracticeAsync(fixture, org.Trainee, org.SecondScenarioId, NoMeetingAsked);

        // Let every delivery so far finish before the clock jumps two days: a jump past the lease of an
        // attempt still in flight would (rightly) let the dispatcher claim it again.
        await Receiver.WaitForAsync(url, 7, timeout: TimeSpan.FromSeconds(30));
        await fixture.WaitUntilSettledAsync(endpointId);
        fixture.ManualClock.Advance(TimeSpan.FromDays(2));
        (await fixture.ScanOverdueAsync()).Should().BeGreaterThan(0);

        // Deliveries arrive in no particular order: wait for the last action's event, then for the rest.
        await Receiver.WaitForAsync(url, 1, r => r.EventType == "assignment.overdue" && r.Json.GetProperty("assignment").Id() == assignment.Id(), TimeSpan.FromSeconds(30));
        var received = await Receiver.WaitForAsync(url, 8, timeout: TimeSpan.FromSeconds(30));
        var byType = received.GroupBy(r => r.EventType).ToDictionary(g => g.Key, g => g.ToList());
        byType.Keys.Should().BeEquivalentTo(["user.added", "user.promoted", "scenario.assigned", "scenario.completed", "attempt.scored.low", "track.completed", "assignment.overdue"]);

        foreach (var request in received)
        {
            WebhookSignatures.ContractSignatureValid(request, secret).Should().BeTrue($"{request.EventType} carries the contract signature");
            WebhookSignatures.StandardSignatureValid(request, secret).Should().BeTrue($"{request.EventType} carries a Standard Webhooks signature");
            var body = request.Json;
            request.Id.Should().Be(body.Str("idempotency_key")).And.Be(request.Header("webhook-id"));
            body.GetProperty("org").Id().Should().Be(org.Id);
            request.Header("X-Webhook-Timestamp").Should().MatchRegex("^[0-9]{10}$");
            request.Header("Content-Type").Should().StartWith("application/json");
            body.GetProperty("timestamp").GetString().Should().EndWith("Z");
        }

        var addedUser = byType["user.added"].Single().Json;
        addedUser.GetProperty("user").Id().Should().Be(added.Id());
        addedUser.GetProperty("user").Str("role").Should().Be("trainee");
        addedUser.GetProperty("inviter").Id().Should().Be(org.Admin.Id);

        var promoted = byType["user.promoted"].Single().Json;
        (promoted.Str("old_role"), promoted.Str("new_role")).Should().Be(("trainee", "manager"));

        var assigned = byType["scenario.assigned"].Single().Json;
        assigned.GetProperty("assignment").Id().Should().Be(assignment.Id());
        assigned.GetProperty("scenario").Id().Should().Be(org.PublishedScenarioId);
        assigned.GetProperty("user").Id().Should().Be(org.Teammate.Id);

        byType["scenario.completed"].Should().HaveCount(2);
        var low = byType["attempt.scored.low"].Single().Json;
        low.GetProperty("attempt").Id().Should().Be(lowAttemptId);
        low.GetProperty("attempt").Int("score").Should().Be(lowScore);
        low.Int("threshold").Should().Be(100);
        low.GetProperty("attempt").GetProperty("kpis").Str("talk_listen").Should().MatchRegex("^[0-9]+:[0-9]+$");
        low.GetProperty("attempt").Str("transcript_url").Should().Be($"https://app.example.test/api/attempts/{lowAttemptId}/transcript");

        var track = byType["track.completed"].Single().Json;
        track.GetProperty("track").Id().Should().Be(org.TrackId);
        track.GetProperty("scenarios").EnumerateArray().Select(s => s.Id()).Should().Equal(org.PublishedScenarioId, org.SecondScenarioId);

        var overdue = byType["assignment.overdue"].Select(r => r.Json).ToList();
        overdue.Select(o => o.GetProperty("assignment").Id()).Should().Contain(assignment.Id());
        overdue.Single(o => o.GetProperty("assignment").Id() == assignment.Id()).Int("days_overdue").Should().BeGreaterThanOrEqualTo(1);

        // Once: a second scan reports nothing new.
        (await fixture.ScanOverdueAsync()).Should().Be(0);
    }

    [Fact]
    public async Task Send_test_answers_with_the_outcome_and_logs_the_attempt()
    {
        var org = await fixture.SeedOrganizationAsync();
        var ok = Receiver.Hook(200);
        var failing = Receiver.HookWith(async (_, context) =>
        {
            context.Response.StatusCode = 500;
            await context.Response.WriteAsync("database unavailable");
        });
        var (okId, okSecret) = await CreateEndpointAsync(org, ok, "scenario.completed");
        var (failingId, _) = await CreateEndpointAsync(org, failing, "scenario.completed");
        var admin = fixture.ClientFor(org.Admin);

        var success = await (await admin.PostAsync($"/api/webhooks/{okId}/test", null)).ShouldHaveStatus(HttpStatusCode.OK);
        success.GetProperty("success").GetBoolean().Should().BeTrue();
        success.Int("statusCode").Should().Be(200);
        success.GetProperty("delivery").Str("status").Should().Be("succeeded");
        var test = Receiver.ReceivedAt(ok).Single();
        test.EventType.Should().Be("webhook.test");
        WebhookSignatures.ContractSignatureValid(test, okSecret).Should().BeTrue();

        var failure = await (await admin.PostAsync($"/api/webhooks/{failingId}/test", null)).ShouldHaveStatus(HttpStatusCode.OK);
        failure.GetProperty("success").GetBoolean().Should().BeFalse();
        failure.Int("statusCode").Should().Be(500);
        failure.Str("responseBody").Should().Be("database unavailable");
        var delivery = failure.GetProperty("delivery");
        delivery.Str("status").Should().Be("failed", "a test send is one attempt, not retried");

        var detail = await admin.GetJsonAsync($"/api/webhooks/deliveries/{delivery.Id()}");
        var attempt = detail.GetProperty("attempts").EnumerateArray().Single();
        attempt.Int("statusCode").Should().Be(500);
        attempt.Str("responseBody").Should().Be("database unavailable");
        attempt.GetProperty("succeeded").GetBoolean().Should().BeFalse();
        detail.GetProperty("payload").Str("event").Should().Be("webhook.test");

        // The failed test stays replayable, with the same id.
        var replay = await (await admin.PostAsync($"/api/webhooks/deliveries/{delivery.Id()}/replay", null)).ShouldHaveStatus(HttpStatusCode.Accepted);
        replay.Str("status").Should().Be("pending");
        var resent = await Receiver.WaitForAsync(failing, 2);
        resent.Select(r => r.Id).Distinct().Should().ContainSingle();
    }

    [Fact]
    public async Task A_test_send_whose_endpoint_is_deleted_meanwhile_answers_409_and_stores_nothing()
    {
        var org = await fixture.SeedOrganizationAsync();
        var admin = fixture.ClientFor(org.Admin);
        Guid endpointId = default;
        // The endpoint is deleted while its test is in flight: the delivery row goes with it.
        var url = Receiver.HookWith(async (_, context) =>
        {
            (await admin.DeleteAsync($"/api/webhooks/{endpointId}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
            context.Response.StatusCode = 200;
        });
        (endpointId, _) = await CreateEndpointAsync(org, url, "scenario.completed");

        var problem = await (await admin.PostAsync($"/api/webhooks/{endpointId}/test", null)).ShouldBeProblem(HttpStatusCode.Conflict);
        problem.Str("detail").Should().Contain("deleted");
        (await admin.GetAsync($"/api/webhooks/{endpointId}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await fixture.WithDbAsync(db => db.WebhookDeliveries.IgnoreQueryFilters().CountAsync(d => d.EndpointId == endpointId))).Should().Be(0);
    }

    [Fact]
    public async Task Failures_are_retried_on_the_schedule_with_the_same_id_until_success()
    {
        var org = await fixture.SeedOrganizationAsync();
        var url = Receiver.Hook(503, 503, 200);
        await CreateEndpointAsync(org, url, "user.added");
        var admin = fixture.ClientFor(org.Admin);
        var start = fixture.ManualClock.GetUtcNow();

        await (await admin.PostJsonAsync("/api/members", new { email = $"r.{Guid.NewGuid():N}@example.test" })).ShouldHaveStatus(HttpStatusCode.Created);
        await Receiver.WaitForAsync(url, 1);
        var delivery = await WaitForDeliveryAsync(org, d => d.Int("attemptCount") == 1);
        delivery.Str("status").Should().Be("pending");
        delivery.Int("lastStatusCode").Should().Be(503);
        var next = delivery.GetProperty("nextAttemptAt").GetDateTimeOffset();
        (next - start).Should().BeCloseTo(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(6.1), "the second attempt is due after 1 minute ± 10 %");

        var row = await fixture.WithDbAsync(db => db.WebhookDeliveries.IgnoreQueryFilters().AsNoTracking().SingleAsync(d => d.Id == delivery.Id()));
        row.LeaseToken.Should().BeNull("no dispatcher holds it");
        row.NextAttemptAt.Should().BeAfter(fixture.ManualClock.GetUtcNow(), "so none can claim it before the retry is due (the clock stands still)");
        Receiver.ReceivedAt(url).Should().HaveCount(1);

        fixture.ManualClock.Advance(TimeSpan.FromSeconds(70));
        await Receiver.WaitForAsync(url, 2);
        delivery = await WaitForDeliveryAsync(org, d => d.Int("attemptCount") == 2);
        var third = delivery.GetProperty("nextAttemptAt").GetDateTimeOffset();
        (third - fixture.ManualClock.GetUtcNow()).Should().BeCloseTo(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(31), "then after 5 minutes ± 10 %");

        fixture.ManualClock.Advance(TimeSpan.FromMinutes(6));
        var all = await Receiver.WaitForAsync(url, 3);
        delivery = await WaitForDeliveryAsync(org, d => d.Str("status") == "succeeded");
        delivery.Int("attemptCount").Should().Be(3);
        all.Select(r => r.Id).Distinct().Should().ContainSingle("every retry carries the original id");
        all.Select(r => r.Body).Distinct().Should().ContainSingle("and the same body");
        all.Select(r => r.Header("X-Webhook-Timestamp")).Distinct().Should().HaveCount(3, "each attempt is signed at its own time");

        var log = await fixture.ClientFor(org.Admin).GetJsonAsync($"/api/webhooks/deliveries/{delivery.Id()}");
        log.GetProperty("attempts").EnumerateArray().Select(a => a.Int("statusCode")).Should().Equal(503, 503, 200);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(404)]
    [InlineData(422)]
    public async Task Other_client_errors_fail_at_once(int status)
    {
        var org = await fixture.SeedOrganizationAsync();
        var url = Receiver.Hook(status);
        await CreateEndpointAsync(org, url, "user.added");
        await (await fixture.ClientFor(org.Admin).PostJsonAsync("/api/members", new { email = $"c.{Guid.NewGuid():N}@example.test" })).ShouldHaveStatus(HttpStatusCode.Created);
        var delivery = await WaitForDeliveryAsync(org, d => d.Str("status") == "failed");
        delivery.Int("attemptCount").Should().Be(1);
        delivery.Int("lastStatusCode").Should().Be(status);
    }

    [Fact]
    public async Task Redirects_are_not_followed_and_count_as_failures()
    {
        var org = await fixture.SeedOrganizationAsync();
        var target = Receiver.Hook(200);
        var url = Receiver.HookWith((_, context) =>
        {
            context.Response.StatusCode = 307;
            context.Response.Headers.Location = target;
            return Task.CompletedTask;
        });
        await CreateEndpointAsync(org, url, "user.added");
        await (await fixture.ClientFor(org.Admin).PostJsonAsync("/api/members", new { email = $"d.{Guid.NewGuid():N}@example.test" })).ShouldHaveStatus(HttpStatusCode.Created);
        var delivery = await WaitForDeliveryAsync(org, d => d.Int("attemptCount") == 1);
        delivery.Int("lastStatusCode").Should().Be(307);
        delivery.Str("status").Should().Be("pending", "a redirect is retried like any failure");
        delivery.Str("lastError").Should().Contain("redirect");
        Receiver.ReceivedAt(target).Should().BeEmpty();
    }

    [Fact]
    public async Task An_endpoint_failing_for_five_days_is_switched_off_and_admins_are_told()
    {
        var org = await fixture.SeedOrganizationAsync();
        var url = Receiver.Hook(500);
        var (id, _) = await CreateEndpointAsync(org, url, "user.added");
        var sixDaysAgo = fixture.ManualClock.GetUtcNow().AddDays(-6);
        await fixture.WithDbAsync(db => db.Database.ExecuteSqlInterpolatedAsync($"UPDATE webhook_endpoints SET failing_since = {sixDaysAgo} WHERE id = {id}"));

        await (await fixture.ClientFor(org.Admin).PostJsonAsync("/api/members", new { email = $"x.{Guid.NewGuid():N}@example.test" })).ShouldHaveStatus(HttpStatusCode.Created);
        await Receiver.WaitForAsync(url);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        JsonElement endpoint;
        do
        {
            await Task.Delay(50);
            endpoint = await fixture.ClientFor(org.Admin).GetJsonAsync($"/api/webhooks/{id}");
        } while (endpoint.GetProperty("enabled").GetBoolean() && DateTime.UtcNow < deadline);
        endpoint.GetProperty("enabled").GetBoolean().Should().BeFalse();
        endpoint.Str("disabledReason").Should().Contain("5 days");
        var alerts = await fixture.WithDbAsync(db => db.EmailMessages
            .Where(e => e.OrgId == org.Id && e.Template == EmailTemplateNames.WebhookDisabled).Select(e => new { e.ToAddress, e.TextBody }).ToListAsync());
        alerts.Should().ContainSingle("the organization's admin is told once").Which.ToAddress.Should().Be(org.Admin.Email);
        alerts[0].TextBody.Should().Contain(url).And.Contain("5 days");

        // Switching it back on starts the failure clock afresh.
        await (await fixture.ClientFor(org.Admin).PutJsonAsync($"/api/webhooks/{id}", new { name = "CRM", url, events = new[] { "user.added" }, enabled = true }))
            .ShouldHaveStatus(HttpStatusCode.OK);
        (await fixture.ClientFor(org.Admin).GetJsonAsync($"/api/webhooks/{id}")).IsNull("failingSince").Should().BeTrue();
    }

    [Fact]
    public async Task Rotating_the_secret_signs_with_both_secrets_for_a_day()
    {
        var org = await fixture.SeedOrganizationAsync();
        var url = Receiver.Hook();
        var (id, oldSecret) = await CreateEndpointAsync(org, url, "user.added");
        var admin = fixture.ClientFor(org.Admin);
        var rotated = await (await admin.PostAsync($"/api/webhooks/{id}/rotate-secret", null)).ShouldHaveStatus(HttpStatusCode.OK);
        var newSecret = rotated.Str("secret");
        newSecret.Should().StartWith("whsec_").And.NotBe(oldSecret);
        rotated.Str("previousSecret").Should().Be(oldSecret);
        (await admin.GetJsonAsync($"/api/webhooks/{id}/secret")).Str("secret").Should().Be(newSecret);

        await (await admin.PostJsonAsync("/api/members", new { email = $"s.{Guid.NewGuid():N}@example.test" })).ShouldHaveStatus(HttpStatusCode.Created);
        var request = (await Receiver.WaitForAsync(url)).Single();
        WebhookSignatures.ContractSignatureValid(request, newSecret).Should().BeTrue();
        WebhookSignatures.ContractSignatureValid(request, oldSecret, "X-Webhook-Signature-Previous").Should().BeTrue();
        WebhookSignatures.StandardSignatureValid(request, newSecret).Should().BeTrue();
        WebhookSignatures.StandardSignatureValid(request, oldSecret).Should().BeTrue();
        request.Header("webhook-signature").Split(' ').Should().HaveCount(2);
    }

    [Fact]
    public async Task An_endpoint_whose_secret_can_no_longer_be_decrypted_is_told_to_rotate_and_works_again_after()
    {
        var org = await fixture.SeedOrganizationAsync();
        var url = Receiver.Hook();
        var (id, _) = await CreateEndpointAsync(org, url, "user.added");
        var admin = fixture.ClientFor(org.Admin);
        // What a database restored without its Data Protection key ring looks like.
        await fixture.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE webhook_endpoints SET protected_secret = 'CfDJ8NotDecryptableAnyMore' WHERE id = {id}"));

        var problem = await (await admin.GetAsync($"/api/webhooks/{id}/secret")).ShouldBeProblem(HttpStatusCode.Conflict);
        problem.Str("detail").Should().Contain("Rotate the secret");

        await (await admin.PostJsonAsync("/api/members", new { email = $"u.{Guid.NewGuid():N}@example.test" })).ShouldHaveStatus(HttpStatusCode.Created);
        await Eventually.EventuallyAsync(async () => await fixture.WithDbAsync(db => db.WebhookDeliveries.IgnoreQueryFilters()
            .AnyAsync(d => d.EndpointId == id && d.Status == Domain.Webhooks.WebhookDeliveryStatus.Failed)), "the delivery fails without being sent");
        var failed = await fixture.WithDbAsync(db => db.WebhookDeliveries.IgnoreQueryFilters().SingleAsync(d => d.EndpointId == id));
        failed.LastError.Should().Contain("rotate the secret");
        Receiver.ReceivedAt(url).Should().BeEmpty();

        var rotated = await (await admin.PostAsync($"/api/webhooks/{id}/rotate-secret", null)).ShouldHaveStatus(HttpStatusCode.OK);
        var newSecret = rotated.Str("secret");
        rotated.IsNull("previousSecret").Should().BeTrue("nothing can sign with a secret that cannot be read");
        (await admin.GetJsonAsync($"/api/webhooks/{id}/secret")).Str("secret").Should().Be(newSecret);

        await (await admin.PostJsonAsync("/api/members", new { email = $"v.{Guid.NewGuid():N}@example.test" })).ShouldHaveStatus(HttpStatusCode.Created);
        var request = (await Receiver.WaitForAsync(url)).Single();
        WebhookSignatures.ContractSignatureValid(request, newSecret).Should().BeTrue();
        request.Header("webhook-signature").Split(' ').Should().HaveCount(1);
    }

    [Fact]
    public async Task Replay_failed_since_requeues_an_endpoints_failed_deliveries()
    {
        var org = await fixture.SeedOrganizationAsync();
        var url = Receiver.Hook(400, 400, 200);
        var (id, _) = await CreateEndpointAsync(org, url, "user.added");
        var admin = fixture.ClientFor(org.Admin);
        var since = fixture.ManualClock.GetUtcNow().AddMinutes(-1);
        await (await admin.PostJsonAsync("/api/members", new { email = $"f1.{Guid.NewGuid():N}@example.test" })).ShouldHaveStatus(HttpStatusCode.Created);
        await (await admin.PostJsonAsync("/api/members", new { email = $"f2.{Guid.NewGuid():N}@example.test" })).ShouldHaveStatus(HttpStatusCode.Created);
        await WaitForDeliveryAsync(org, _ => true, page => page.Items().Count(d => d.Str("status") == "failed") == 2);

        var result = await (await admin.PostJsonAsync($"/api/webhooks/{id}/replay-failed", new { since })).ShouldHaveStatus(HttpStatusCode.Accepted);
        result.Int("requeued").Should().Be(2);
        var received = await Receiver.WaitForAsync(url, 4);
        received.GroupBy(r => r.Id).Should().HaveCount(2).And.OnlyContain(g => g.Count() == 2, "each event was sent again under its own id");
    }

    [Fact]
    public async Task The_event_types_endpoint_lists_the_types_with_schemas_and_examples()
    {
        var types = (await fixture.ClientFor(fixture.OrgA.Admin).GetJsonAsync("/api/webhooks/event-types")).EnumerateArray().ToList();
        types.Select(t => t.Str("type")).Should().Equal("scenario.assigned", "scenario.completed", "attempt.scored.low", "track.completed",
            "user.added", "user.promoted", "assignment.overdue", "webhook.test");
        types.Where(t => t.GetProperty("subscribable").GetBoolean()).Select(t => t.Str("type")).Should().Equal(types.Select(t => t.Str("type")).SkipLast(1),
            "every type but webhook.test can be subscribed to");
        foreach (var type in types)
        {
            var schema = type.GetProperty("schema");
            schema.Str("type").Should().Be("object");
            var properties = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();
            properties.Should().StartWith(["event", "idempotency_key", "timestamp", "org"]);
            type.GetProperty("example").EnumerateObject().Select(p => p.Name).Should().BeSubsetOf(properties);
            type.GetProperty("example").Str("event").Should().Be(type.Str("type"));
        }
    }

    [Fact]
    public async Task Deliveries_are_listed_per_endpoint_event_and_status()
    {
        var org = await fixture.SeedOrganizationAsync();
        var good = Receiver.Hook(200);
        var bad = Receiver.Hook(404);
        var (goodId, _) = await CreateEndpointAsync(org, good, "user.added");
        var (badId, _) = await CreateEndpointAsync(org, bad, "user.added");
        var admin = fixture.ClientFor(org.Admin);
        await (await admin.PostJsonAsync("/api/members", new { email = $"l.{Guid.NewGuid():N}@example.test" })).ShouldHaveStatus(HttpStatusCode.Created);
        await WaitForDeliveryAsync(org, _ => true, page => page.Items().Count(d => d.Str("status") != "pending" && d.Id("endpointId") != org.WebhookEndpointId) == 2);

        var ofGood = (await admin.GetJsonAsync($"/api/webhooks/deliveries?endpointId={goodId}")).Items();
        ofGood.Should().ContainSingle().Which.Str("status").Should().Be("succeeded");
        var failed = (await admin.GetJsonAsync($"/api/webhooks/deliveries?status=failed&eventType=user.added&endpointId={badId}")).Items();
        failed.Should().ContainSingle().Which.Int("lastStatusCode").Should().Be(404);
        (await admin.GetJsonAsync($"/api/webhooks/deliveries?status=succeeded&endpointId={badId}")).Items().Should().BeEmpty();
        var eventId = ofGood.Single().Id("eventId");
        (await admin.GetJsonAsync($"/api/webhooks/deliveries?eventId={eventId}")).Items().Select(d => d.Id("endpointId"))
            .Should().BeEquivalentTo([goodId, badId, org.WebhookEndpointId], "one event, one delivery per subscribed endpoint (the seed's endpoint takes every event)");
        (await admin.GetJsonAsync("/api/webhooks/events?eventType=user.added")).Items().Should().Contain(e => e.Id() == eventId && e.Int("deliveryCount") == 3);
    }

    /// <summary>
    /// Polls the org's user.added delivery log until one delivery (newest first) matches, or the page
    /// does. Deliveries to the seed's catch-all endpoint (an unreachable host) are left out.
    /// </summary>
    private async Task<JsonElement> WaitForDeliveryAsync(SeededOrganization org, Func<JsonElement, bool> match, Func<JsonElement, bool>? pageMatch = null)
    {
        var admin = fixture.ClientFor(org.Admin);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var page = await admin.GetJsonAsync("/api/webhooks/deliveries?pageSize=100&eventType=user.added");
            var ours = page.Items().Where(d => d.Id("endpointId") != org.WebhookEndpointId).ToList();
            if (pageMatch is not null ? pageMatch(page) : ours.Any(match))
                return pageMatch is not null ? page : ours.First(match);
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No matching delivery: {page}");
            await Task.Delay(50);
        }
    }
}
