using System.Net;
using System.Text.Json;

namespace VoiceTraining.Api.IntegrationTests.Infrastructure;

/// <summary>Practice calls the way production runs them: the app starts the attempt, the voice provider reports by webhook.</summary>
public static class VoiceCalls
{
    public const string WebhookUrl = "/api/webhooks/vapi";

    /// <summary>A conversation in which the trainee asks questions and asks for the meeting.</summary>
    public static object[] GoodConversation() =>
    [
        new { role = "assistant", text = "Hello, this is Sarah.", timestamp = 0, endTimestamp = 2000 },
        new { role = "user", text = "Hi Sarah, thanks for picking up. Do you have two minutes?", timestamp = 2600, endTimestamp = 6000 },
        new { role = "assistant", text = "I suppose so, but I am busy. What is this about?", timestamp = 6800, endTimestamp = 10000 },
        new { role = "user", text = "What matters most to you when you compare lenders?", timestamp = 10700, endTimestamp = 14000 },
        new { role = "assistant", text = "Honestly the total cost, and someone who answers the phone when I call.", timestamp = 14800, endTimestamp = 20000 },
        new { role = "user", text = "That makes sense. Could we set up a short meeting on Thursday to walk through the numbers?", timestamp = 20700, endTimestamp = 26000 },
        new { role = "assistant", text = "Thursday afternoon works for me.", timestamp = 26800, endTimestamp = 29000 },
    ];

    /// <summary>The integration document's call.ended event for an attempt.</summary>
    public static string CallEnded(Guid attemptId, string callId, object[]? transcript = null, string? recordingUrl = null)
    {
        var ended = DateTimeOffset.UtcNow;
        return JsonSerializer.Serialize(new
        {
            type = "call.ended",
            call = new
            {
                id = callId,
                status = "completed",
                startedAt = ended.AddSeconds(-30).ToString("O"),
                endedAt = ended.ToString("O"),
                duration = 30,
                recordingUrl,
                transcript = transcript ?? GoodConversation(),
                metadata = new { attempt_id = attemptId },
            },
        });
    }

    public static async Task<HttpResponseMessage> PostWebhookAsync(HttpClient client, string body, string? secret = ApiFactory.WebhookSecret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, WebhookUrl) { Content = ClientHttp.RawJson(body) };
        if (secret is not null) request.Headers.Add("X-Vapi-Secret", secret);
        return await client.SendAsync(request);
    }

    /// <summary>Starts a call as the member (GET /api/calls/config) and returns the new attempt's id.</summary>
    public static async Task<Guid> StartAsync(ApiFixture fixture, SeededMember member, Guid scenarioId)
    {
        var config = await fixture.ClientFor(member).GetJsonAsync($"/api/calls/config?scenarioId={scenarioId}");
        return config.Id("attemptId");
    }

    /// <summary>Starts a call and reports it ended; returns the attempt id and its score.</summary>
    public static async Task<(Guid AttemptId, int Score)> PracticeAsync(ApiFixture fixture, SeededMember member, Guid scenarioId, object[]? transcript = null)
    {
        var attemptId = await StartAsync(fixture, member, scenarioId);
        using var response = await PostWebhookAsync(fixture.Anonymous(), CallEnded(attemptId, "call_" + Guid.NewGuid().ToString("N"), transcript));
        (await response.ShouldHaveStatus(HttpStatusCode.OK)).Str("outcome").Should().Be("applied");
        var attempt = await fixture.ClientFor(member).GetJsonAsync($"/api/attempts/{attemptId}");
        attempt.Str("status").Should().Be("completed");
        return (attemptId, attempt.Int("score"));
    }
}
