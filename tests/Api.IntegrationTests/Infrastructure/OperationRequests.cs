using VoiceTraining.Api.IntegrationTests.Billing;

namespace VoiceTraining.Api.IntegrationTests.Infrastructure;

/// <summary>A request for one documented operation: its URL, optional JSON body (or form), headers, and the tenant ids it carries.</summary>
public sealed record OperationRequest(string Url, object? Body, IReadOnlyList<Guid> SentIds)
{
    /// <summary>Fields sent as multipart/form-data instead of a JSON body.</summary>
    public IReadOnlyDictionary<string, string>? Form { get; init; }
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    public HttpRequestMessage ToMessage(string method)
    {
        var message = new HttpRequestMessage(new HttpMethod(method), Url);
        if (Form is not null)
        {
            var form = new MultipartFormDataContent();
            foreach (var (name, value) in Form) form.Add(new StringContent(value), name);
            message.Content = form;
        }
        else if (Body is not null) message.Content = ClientHttp.JsonBody(Body);
        foreach (var (name, value) in Headers ?? new Dictionary<string, string>()) message.Headers.Add(name, value);
        return message;
    }
}

/// <summary>
/// Fills documented operations with real ids, for the tests that walk every operation: path and
/// query ids name <paramref name="target"/>'s resources; bodies are plausible in
/// <paramref name="caller"/>'s organization (so validation passes and what answers is the lookup or
/// the authorization). An operation these tables cannot fill is reported, so a new endpoint makes
/// the walking tests fail until they are taught it.
/// </summary>
public sealed class OperationRequests(SeededOrganization target, SeededOrganization caller)
{
    /// <summary>
    /// Path parameters that name no tenant resource (an event type): every organization gets its
    /// own answer there.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> NotTenantResources = new Dictionary<string, string>
    {
        ["samples"] = "scenario.completed",
        // A feature flag's key: the flags are the platform's, their settings each organization's own.
        ["flags"] = "voice_ai_enabled",
    };

    /// <summary>The target's resource for a path parameter, by the collection the parameter follows.</summary>
    public Guid? ResourceId(string collection) => collection switch
    {
        "scenarios" => target.PublishedScenarioId,
        "personas" => target.PersonaId,
        "tracks" => target.TrackId,
        "assignments" => target.TraineeAssignmentId,
        "attempts" => target.TraineeAttemptId,
        "members" => target.Trainee.Id,
        "webhooks" => target.WebhookEndpointId,
        "deliveries" => target.WebhookDeliveryId,
        "hooks" => target.RestHookId,
        "api-keys" => target.ApiKeyId,
        "orders" => target.PaymentOrderId,
        "sessions" => target.VoiceSessionId,
        _ => null,
    };

    /// <summary>Multipart operations: their form, and the headers they need (the target session's own token).</summary>
    public (Dictionary<string, string> Form, Dictionary<string, string> Headers)? Multipart(string key) => key switch
    {
        "POST /api/voice/sessions/{sessionId}/turns" => (new() { ["text"] = "Hello, do you have a minute?" }, new() { ["X-Voice-Session-Token"] = target.VoiceSessionToken }),
        _ => null,
    };

    /// <summary>The target's resource for an id-valued query parameter.</summary>
    public Guid? QueryId(string parameter) => parameter switch
    {
        "memberId" => target.Trainee.Id,
        "managerId" => target.Manager.Id,
        "scenarioId" => target.PublishedScenarioId,
        "personaId" => target.PersonaId,
        "trackId" => target.TrackId,
        "assignmentId" => target.TraineeAssignmentId,
        "attemptId" => target.TraineeAttemptId,
        "endpointId" => target.WebhookEndpointId,
        "eventId" => target.WebhookEventId,
        _ => null,
    };

    /// <summary>Plausible bodies in the caller's organization, keyed by "METHOD path template".</summary>
    public Dictionary<string, object> Bodies() => new()
    {
        ["POST /api/scenarios"] = new
        {
            title = "Matrix scenario",
            personaId = caller.PersonaId,
            aiPrompt = "Prompt",
            rubric = new object[] { new { name = "Talk", weight = 1, kind = "kpi_range", kpi = "talk_ratio", min = 10.0, max = 90.0 } },
            passingThreshold = 50,
        },
        ["PUT /api/scenarios/{id}"] = new
        {
            title = "Taken over",
            personaId = caller.PersonaId,
            aiPrompt = "Prompt",
            rubric = new object[] { new { name = "Talk", weight = 1, kind = "kpi_range", kpi = "talk_ratio", min = 10.0, max = 90.0 } },
            passingThreshold = 50,
        },
        ["POST /api/personas"] = new { name = "Matrix persona", voiceProvider = "elevenlabs", voiceId = "v", difficulty = "hard" },
        ["PUT /api/personas/{id}"] = new { name = "Taken over", voiceProvider = "elevenlabs", voiceId = "v", difficulty = "hard" },
        ["POST /api/tracks"] = new { title = "Matrix track", scenarioIds = new[] { caller.PublishedScenarioId } },
        ["PUT /api/tracks/{id}"] = new { title = "Taken over", scenarioIds = new[] { caller.PublishedScenarioId } },
        ["POST /api/assignments"] = new { memberId = caller.Loner.Id, scenarioId = caller.SecondScenarioId, dueAt = DateTimeOffset.UtcNow.AddDays(5) },
        ["PATCH /api/assignments/{id}"] = new { dueAt = DateTimeOffset.UtcNow.AddDays(3) },
        ["POST /api/members"] = new { email = $"invitee.{Guid.NewGuid():N}@example.test", name = "Ivy Invitee", role = "trainee" },
        ["PUT /api/members/{id}/role"] = new { role = "admin" },
        ["PUT /api/members/{id}/manager"] = new { managerId = caller.Manager.Id },
        ["PUT /api/members/{memberId}/voice-sim"] = new { active = true },
        ["PUT /api/members/me/email-preferences"] = new { assignmentEmails = true, feedbackEmails = true, digest = "daily" },
        ["PUT /api/organization"] = new { name = "Renamed Lending" },
        ["POST /api/webhooks"] = new { name = "Matrix CRM", url = "https://example.com/hook", events = new[] { "scenario.completed" } },
        ["PUT /api/webhooks/{id}"] = new { name = "Taken over", url = "https://example.com/hook", events = new[] { "scenario.completed" }, enabled = true },
        ["POST /api/webhooks/{id}/replay-failed"] = new { since = DateTimeOffset.UtcNow.AddDays(-1) },
        ["POST /api/hooks"] = new { target_url = "https://example.com/zap", @event = "scenario.completed" },
        ["POST /api/api-keys"] = new { name = "Matrix key", scopes = new[] { "read" } },
        ["POST /api/attempts/{id}/comments"] = new { body = "Leaked?" },
        ["POST /api/billing/orders"] = new { description = "Custom scenario package", amountCents = 150000 },
        ["POST /api/checkout/session"] = new { priceId = BillingFixture.StarterPrice },
        ["POST /api/checkout/voice-addon"] = new { priceId = BillingFixture.SingleSimPrice },
        ["PUT /api/billing/voice-addon"] = new { priceId = BillingFixture.SingleSimPrice, quantity = 0 },
        ["POST /api/billing/change-plan"] = new { priceId = BillingFixture.EnterprisePrice },
        ["POST /api/dev/simulate-call"] = new { scenarioId = caller.PublishedScenarioId },
        ["POST /api/voice/start-session"] = new { scenarioId = caller.PublishedScenarioId, expectedDurationMinutes = 5 },
        ["POST /api/voice/end-session"] = new { sessionId = caller.VoiceSessionId },
        ["PUT /api/voice/settings"] = new { pricePerMinute = 0.12m, circuitBreakerThreshold = 4.00m, maxSessionMinutes = 25 },
        ["PUT /api/voice/settings/global"] = new { pricePerMinute = 0.12m, circuitBreakerThreshold = 4.00m, maxSessionMinutes = 25 },
        ["POST /api/dev/token"] = new { email = caller.Admin.Email },
        ["PUT /api/admin/flags/{key}"] = new { scope = "user", memberId = caller.Trainee.Id, enabled = false, reason = "Matrix" },
        ["PUT /api/admin/flags/{key}/global"] = new { enabled = false, reason = "Matrix" },
    };

    /// <summary>
    /// The request for an operation: every path parameter filled, the required query parameters
    /// (and, with <paramref name="allQueryIds"/>, every id-valued one) set, and a body when one is
    /// required or known. Null, with what is missing, when the tables cannot fill it.
    /// </summary>
    public OperationRequest? For(ApiOperation operation, out string? missing, bool allQueryIds = false)
    {
        missing = null;
        var url = operation.Template;
        var sent = new List<Guid>();
        foreach (var parameter in operation.PathParameters)
        {
            var collection = operation.CollectionBefore(parameter);
            string value;
            if (NotTenantResources.TryGetValue(collection, out var fixedValue)) value = fixedValue;
            else if (ResourceId(collection) is { } id)
            {
                sent.Add(id);
                value = id.ToString();
            }
            else
            {
                missing = $"{operation.Key}: no resource for path parameter {{{parameter}}}";
                return null;
            }
            url = url.Replace("{" + parameter + "}", value, StringComparison.Ordinal);
        }

        var required = operation.RequiredQueryParameters.ToHashSet();
        var query = new List<string>();
        foreach (var parameter in operation.QueryParameters.Select(p => p.Str("name")))
        {
            var wanted = required.Contains(parameter) || (allQueryIds && parameter.EndsWith("Id", StringComparison.Ordinal));
            if (!wanted) continue;
            if (QueryId(parameter) is not { } id)
            {
                missing = $"{operation.Key}: no resource for query parameter {parameter}";
                return null;
            }
            sent.Add(id);
            query.Add($"{parameter}={id}");
        }
        if (query.Count > 0) url += "?" + string.Join('&', query);

        if (Multipart(operation.Key) is { } multipart)
            return new OperationRequest(url, null, sent) { Form = multipart.Form, Headers = multipart.Headers };
        var bodies = Bodies();
        if (!bodies.TryGetValue(operation.Key, out var body) && operation.RequiresBody)
        {
            missing = $"{operation.Key}: needs a plausible JSON body in {nameof(OperationRequests)}.{nameof(Bodies)}()";
            return null;
        }
        return new OperationRequest(url, body, sent);
    }
}
