using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Domain.Attempts;

namespace VoiceTraining.Api.IntegrationTests.Webhooks;

/// <summary>POST /api/webhooks/vapi: the voice provider reports calls; authenticated by shared secret (and HMAC when configured).</summary>
public sealed class VapiWebhookTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private static string CallId() => "call_" + Guid.NewGuid().ToString("N");

    private Task<Attempt> StoredAsync(Guid id) =>
        fixture.WithDbAsync(db => db.Attempts.IgnoreQueryFilters().AsNoTracking().SingleAsync(a => a.Id == id));

    [Fact]
    public async Task A_call_ended_report_completes_scores_and_links_the_attempt()
    {
        var org = await fixture.SeedOrganizationAsync();
        var attemptId = await VoiceCalls.StartAsync(fixture, org.Trainee, org.PublishedScenarioId);
        var callId = CallId();

        using var response = await VoiceCalls.PostWebhookAsync(fixture.Anonymous(),
            VoiceCalls.CallEnded(attemptId, callId, recordingUrl: "https://recordings.example.test/abc.mp3"));

        var receipt = await response.ShouldHaveStatus(HttpStatusCode.OK);
        receipt.Str("type").Should().Be("call.ended");
        receipt.Str("outcome").Should().Be("applied");
        var attempt = await fixture.ClientFor(org.Trainee).GetJsonAsync($"/api/attempts/{attemptId}");
        attempt.Str("status").Should().Be("completed");
        attempt.Str("providerCallId").Should().Be(callId);
        attempt.Int("durationSeconds").Should().Be(30);
        attempt.GetProperty("transcript").GetArrayLength().Should().Be(7);
        attempt.GetProperty("transcript")[1].Str("role").Should().Be("user");
        attempt.GetProperty("transcript")[1].GetProperty("timestampMs").GetInt64().Should().Be(2600);
        attempt.Int("score").Should().BeInRange(0, 100);
        var criteria = attempt.GetProperty("criterionScores").EnumerateArray().ToList();
        criteria.Select(c => c.Str("name")).Should().Equal("Balanced talk time", "Asks for the meeting");
        criteria[1].GetProperty("met").GetBoolean().Should().BeTrue("the trainee asked for a meeting");
        attempt.GetProperty("kpis").GetProperty("questionsAsked").GetInt32().Should().BeGreaterThanOrEqualTo(2);
        attempt.Str("recordingStatus").Should().Be("pending");
        attempt.IsNull("recordingUrl").Should().BeTrue("the recording is not copied yet");
        // The open assignment for the scenario is now done.
        (await fixture.ClientFor(org.Trainee).GetJsonAsync($"/api/assignments/{org.TraineeAssignmentId}")).Str("status").Should().Be("completed");
    }

    [Fact]
    public async Task A_repeated_delivery_changes_nothing()
    {
        var org = await fixture.SeedOrganizationAsync();
        var attemptId = await VoiceCalls.StartAsync(fixture, org.Trainee, org.SecondScenarioId);
        var body = VoiceCalls.CallEnded(attemptId, CallId());
        using (var first = await VoiceCalls.PostWebhookAsync(fixture.Anonymous(), body))
            (await first.ShouldHaveStatus(HttpStatusCode.OK)).Str("outcome").Should().Be("applied");
        var before = await StoredAsync(attemptId);

        using var again = await VoiceCalls.PostWebhookAsync(fixture.Anonymous(), body);

        (await again.ShouldHaveStatus(HttpStatusCode.OK)).Str("outcome").Should().Be("duplicate");
        var after = await StoredAsync(attemptId);
        after.UpdatedAt.Should().Be(before.UpdatedAt);
        after.Score.Should().Be(before.Score);
        var usage = await fixture.WithDbAsync(db => db.VoiceUsageRecords.IgnoreQueryFilters().CountAsync(u => u.AttemptId == attemptId));
        usage.Should().Be(1, "voice minutes are recorded once per call");
    }

    [Fact]
    public async Task Started_and_failed_events_move_the_attempt_along()
    {
        var org = await fixture.SeedOrganizationAsync();
        var attemptId = await VoiceCalls.StartAsync(fixture, org.Teammate, org.PublishedScenarioId);
        var callId = CallId();
        var started = JsonSerializer.Serialize(new { type = "call.started", call = new { id = callId, status = "in-progress", startedAt = DateTimeOffset.UtcNow.ToString("O"), metadata = new { attempt_id = attemptId } } });
        var failed = JsonSerializer.Serialize(new { type = "call.failed", call = new { id = callId, status = "failed", endedReason = "pipeline-error-openai", metadata = new { attempt_id = attemptId } } });

        using (var response = await VoiceCalls.PostWebhookAsync(fixture.Anonymous(), started))
            (await response.ShouldHaveStatus(HttpStatusCode.OK)).Str("outcome").Should().Be("applied");
        var running = await fixture.ClientFor(org.Teammate).GetJsonAsync($"/api/attempts/{attemptId}");
        running.Str("status").Should().Be("in_progress");
        running.GetProperty("startedAt").ValueKind.Should().Be(JsonValueKind.String);

        using (var response = await VoiceCalls.PostWebhookAsync(fixture.Anonymous(), failed))
            (await response.ShouldHaveStatus(HttpStatusCode.OK)).Str("outcome").Should().Be("applied");
        var over = await fixture.ClientFor(org.Teammate).GetJsonAsync($"/api/attempts/{attemptId}");
        over.Str("status").Should().Be("failed");
        over.Str("failureReason").Should().Be("pipeline-error-openai");
        over.IsNull("score").Should().BeTrue();
    }

    [Fact]
    public async Task Vapis_native_end_of_call_report_is_understood()
    {
        var org = await fixture.SeedOrganizationAsync();
        var attemptId = await VoiceCalls.StartAsync(fixture, org.Loner, org.PublishedScenarioId);
        var start = DateTimeOffset.UtcNow.AddMinutes(-2);
        var body = JsonSerializer.Serialize(new
        {
            message = new
            {
                type = "end-of-call-report",
                endedReason = "customer-ended-call",
                startedAt = start.ToString("O"),
                endedAt = start.AddSeconds(60).ToString("O"),
                call = new { id = CallId(), metadata = new { attempt_id = attemptId } },
                artifact = new
                {
                    messages = new object[]
                    {
                        new { role = "system", message = "You are Sarah", secondsFromStart = 0 },
                        new { role = "bot", message = "Hello, Sarah speaking.", secondsFromStart = 1.0, duration = 2000 },
                        new { role = "user", message = "Hi Sarah, can we book a meeting?", secondsFromStart = 4.0, duration = 3000 },
                    },
                },
                analysis = new { summary = "Short call.", successEvaluation = true },
            },
        });

        using var response = await VoiceCalls.PostWebhookAsync(fixture.Anonymous(), body);

        var receipt = await response.ShouldHaveStatus(HttpStatusCode.OK);
        receipt.Str("type").Should().Be("end-of-call-report");
        receipt.Str("outcome").Should().Be("applied");
        var attempt = await fixture.ClientFor(org.Admin).GetJsonAsync($"/api/attempts/{attemptId}");
        attempt.Str("status").Should().Be("completed");
        attempt.Int("durationSeconds").Should().Be(60);
        attempt.GetProperty("transcript").EnumerateArray().Select(t => t.Str("role")).Should().Equal("assistant", "user");
        attempt.Str("analysisSummary").Should().Be("Short call.");
    }

    [Fact]
    public async Task Unknown_calls_and_unknown_types_are_acknowledged_and_ignored()
    {
        using var unknownCall = await VoiceCalls.PostWebhookAsync(fixture.Anonymous(), VoiceCalls.CallEnded(Guid.NewGuid(), CallId()));
        using var unknownType = await VoiceCalls.PostWebhookAsync(fixture.Anonymous(), """{"message":{"type":"speech-update","status":"started"}}""");

        (await unknownCall.ShouldHaveStatus(HttpStatusCode.OK)).Str("outcome").Should().Be("unknown_call");
        var ignored = await unknownType.ShouldHaveStatus(HttpStatusCode.OK);
        ignored.Str("outcome").Should().Be("ignored");
        ignored.Str("type").Should().Be("speech-update");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-secret")]
    [InlineData("")]
    public async Task Unauthenticated_deliveries_are_401_and_change_nothing(string? secret)
    {
        var org = await fixture.SeedOrganizationAsync();
        var attemptId = await VoiceCalls.StartAsync(fixture, org.Trainee, org.PublishedScenarioId);

        using var response = await VoiceCalls.PostWebhookAsync(fixture.Anonymous(), VoiceCalls.CallEnded(attemptId, CallId()), secret);

        (await response.ShouldBeProblem(HttpStatusCode.Unauthorized)).Str("detail").Should().Be("The webhook could not be authenticated.");
        (await StoredAsync(attemptId)).Status.Should().Be(AttemptStatus.InProgress);
    }

    [Fact]
    public async Task The_secret_may_come_as_a_bearer_token()
    {
        var org = await fixture.SeedOrganizationAsync();
        var attemptId = await VoiceCalls.StartAsync(fixture, org.Trainee, org.PublishedScenarioId);
        using var request = new HttpRequestMessage(HttpMethod.Post, VoiceCalls.WebhookUrl) { Content = ClientHttp.RawJson(VoiceCalls.CallEnded(attemptId, CallId())) };
        request.Headers.Authorization = new("Bearer", ApiFactory.WebhookSecret);

        using var response = await fixture.Anonymous().SendAsync(request);

        (await response.ShouldHaveStatus(HttpStatusCode.OK)).Str("outcome").Should().Be("applied");
    }

    [Theory]
    [InlineData("{\"type\":")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"type\":\"call.ended\"}")]
    public async Task Authentic_but_unusable_bodies_are_400(string body)
    {
        using var response = await VoiceCalls.PostWebhookAsync(fixture.Anonymous(), body);

        (await response.ShouldBeProblem(HttpStatusCode.BadRequest)).Str("detail").Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task Webhooks_may_be_larger_than_the_apis_usual_limit()
    {
        var padding = new string('p', 2 * 1024 * 1024);
        var body = $$$"""{"message":{"type":"conversation-update","padding":"{{{padding}}}"}}""";

        using var response = await VoiceCalls.PostWebhookAsync(fixture.Anonymous(), body);

        (await response.ShouldHaveStatus(HttpStatusCode.OK)).Str("outcome").Should().Be("ignored");
    }

    [Fact]
    public async Task Webhooks_over_eight_mebibytes_are_413()
    {
        var body = $$$"""{"message":{"type":"conversation-update","padding":"{{{new string('p', 8 * 1024 * 1024)}}}"}}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, VoiceCalls.WebhookUrl) { Content = ClientHttp.RawJson(body) };
        request.Headers.Add("X-Vapi-Secret", ApiFactory.WebhookSecret);
        request.Headers.ExpectContinue = true;

        using var response = await fixture.Anonymous().SendAsync(request);

        await response.ShouldBeProblem(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task With_an_hmac_secret_configured_deliveries_must_be_signed_and_fresh()
    {
        const string hmacSecret = "hmac-test-secret";
        await using var factory = fixture.CreateFactory(fixture.Jwks, configure: s => s["VAPI_WEBHOOK_HMAC_SECRET"] = hmacSecret);
        using var client = factory.CreateClient();
        var body = """{"message":{"type":"speech-update"}}""";
        async Task<HttpStatusCode> SendAsync(DateTimeOffset at, string? signatureSecret)
        {
            var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            using var request = new HttpRequestMessage(HttpMethod.Post, VoiceCalls.WebhookUrl) { Content = ClientHttp.RawJson(body) };
            request.Headers.Add("X-Vapi-Secret", ApiFactory.WebhookSecret);
            request.Headers.Add("x-timestamp", timestamp);
            if (signatureSecret is not null)
                request.Headers.Add("x-signature", Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(signatureSecret), Encoding.UTF8.GetBytes($"{timestamp}.{body}"))));
            using var response = await client.SendAsync(request);
            return response.StatusCode;
        }

        (await SendAsync(DateTimeOffset.UtcNow, hmacSecret)).Should().Be(HttpStatusCode.OK);
        (await SendAsync(DateTimeOffset.UtcNow, "another-secret")).Should().Be(HttpStatusCode.Unauthorized);
        (await SendAsync(DateTimeOffset.UtcNow, null)).Should().Be(HttpStatusCode.Unauthorized);
        (await SendAsync(DateTimeOffset.UtcNow.AddMinutes(-10), hmacSecret)).Should().Be(HttpStatusCode.Unauthorized, "a replayed delivery is too old");
    }

    [Fact]
    public async Task Without_any_webhook_secret_configured_the_endpoint_says_so_and_changes_nothing()
    {
        var org = await fixture.SeedOrganizationAsync();
        var attemptId = await VoiceCalls.StartAsync(fixture, org.Trainee, org.PublishedScenarioId);
        await using var factory = fixture.CreateFactory(fixture.Jwks, configure: s => s["VAPI_WEBHOOK_SECRET"] = "");
        using var client = factory.CreateClient();

        using var response = await VoiceCalls.PostWebhookAsync(client, VoiceCalls.CallEnded(attemptId, CallId()), secret: "");

        (await response.ShouldBeProblem(HttpStatusCode.ServiceUnavailable)).Str("detail").Should().Contain("VAPI_WEBHOOK_SECRET");
        (await StoredAsync(attemptId)).Status.Should().Be(AttemptStatus.InProgress);
    }
}
