using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace VoiceTraining.Api.IntegrationTests.Infrastructure;

/// <summary>A request the provider received: headers, raw body, parsed JSON (Resend) or form fields (Mailgun), and when (monotonic).</summary>
public sealed record ProviderRequest(
    string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body, JsonElement Json,
    IReadOnlyDictionary<string, string> Form, long Timestamp)
{
    public string Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : "";

    public string? Field(string name) => Form.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// Resend's and Mailgun's send APIs, played by Kestrel on 127.0.0.1, written from their
/// documentation. Resend (POST /emails): the bearer key, application/json, an Idempotency-Key of
/// 1–256 characters, from/to/subject and html or text, tags of letters, digits, _ and -; a repeated
/// key answers the first answer again without sending. Mailgun (POST /v3/{domain}/messages): basic
/// auth api:KEY, multipart/form-data with from/to/subject and html or text. A request that breaks
/// the format is refused in the provider's style and listed in <see cref="FormatErrors"/>. Tests
/// script the next answers (429 with Retry-After, 5xx …); unscripted requests succeed.
/// </summary>
public sealed partial class FakeEmailProvider : IAsyncDisposable
{
    public const string ResendKey = "re_test_5f1c2a9b";
    public const string MailgunKey = "key-test-9d8e7f6a";
    public const string MailgunDomain = "mg.example.test";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(int Status, string Body, (string Name, string Value)[] Headers)> _script = new();
    private readonly ConcurrentDictionary<string, string> _idempotentAnswers = new(StringComparer.Ordinal);

    private FakeEmailProvider(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";
    public ConcurrentQueue<ProviderRequest> Requests { get; } = new();
    /// <summary>Requests that sent an email (a replayed idempotency key does not).</summary>
    public ConcurrentQueue<ProviderRequest> Sent { get; } = new();
    public ConcurrentQueue<string> FormatErrors { get; } = new();
    /// <summary>When set, every unscripted request answers this status (a provider outage).</summary>
    public int? Outage { get; set; }

    public static async Task<FakeEmailProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var provider = new FakeEmailProvider(app);
        app.Run(provider.HandleAsync);
        await app.StartAsync();
        provider.BaseUrl = app.Urls.Single().TrimEnd('/');
        return provider;
    }

    /// <summary>The next request (after the format checks) answers this.</summary>
    public void Then(int status, string body = "", params (string Name, string Value)[] headers) => _script.Enqueue((status, body, headers));

    public void Reset()
    {
        Requests.Clear();
        Sent.Clear();
        FormatErrors.Clear();
        _script.Clear();
        Outage = null;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "";
        var headers = request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        var body = "";
        JsonElement json = default;
        if (request.HasFormContentType)
        {
            foreach (var (key, value) in await request.ReadFormAsync()) form[key] = value.ToString();
        }
        else
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            body = await reader.ReadToEndAsync();
            try { json = JsonDocument.Parse(body).RootElement.Clone(); }
            catch (JsonException) { }
        }
        var received = new ProviderRequest(request.Method, path, headers, body, json, form, Stopwatch.GetTimestamp());
        Requests.Enqueue(received);

        if (request.Method == "POST" && path == "/emails") await ResendAsync(context, received);
        else if (request.Method == "POST" && MailgunPath().IsMatch(path)) await MailgunAsync(context, received);
        else await Answer(context, 404, """{"message":"Not found"}""");
    }

    private async Task ResendAsync(HttpContext context, ProviderRequest r)
    {
        Task Refuse(int status, string name, string message) =>
            RefuseAsync(context, status, $$"""{"statusCode":{{status}},"name":"{{name}}","message":"{{message}}"}""", message);

        var key = r.Header("Idempotency-Key");
        var problem = ResendBodyProblem(r.Json);
        if (r.Header("Authorization").Length == 0) await Refuse(401, "missing_api_key", "Missing API key in the authorization header.");
        else if (r.Header("Authorization") != $"Bearer {ResendKey}") await Refuse(403, "invalid_api_key", "API key is invalid.");
        else if (!r.Header("Content-Type").StartsWith("application/json", StringComparison.Ordinal)) await Refuse(400, "validation_error", "Expected application/json.");
        else if (key.Length is < 1 or > 256) await Refuse(400, "invalid_idempotency_key", "The key must be between 1-256 chars.");
        else if (problem is not null) await Refuse(422, "validation_error", problem);
        else if (_idempotentAnswers.TryGetValue(key, out var previous)) await Answer(context, 200, previous);
        else if (!await ScriptedAsync(context))
        {
            var answer = $$"""{"id":"{{Guid.NewGuid()}}"}""";
            _idempotentAnswers[key] = answer;
            Sent.Enqueue(r);
            await Answer(context, 200, answer);
        }
    }

    private static string? ResendBodyProblem(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object) return "The body is not a JSON object.";
        if (!body.TryGetProperty("from", out var from) || from.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(from.GetString())) return "Missing `from` field.";
        if (!body.TryGetProperty("to", out var to)) return "Missing `to` field.";
        var recipients = to.ValueKind == JsonValueKind.String ? [to.GetString()!]
            : to.ValueKind == JsonValueKind.Array ? to.EnumerateArray().Select(t => t.ValueKind == JsonValueKind.String ? t.GetString()! : "").ToList() : [];
        if (recipients.Count is < 1 or > 50 || recipients.Any(t => !t.Contains('@', StringComparison.Ordinal))) return "Invalid `to` field.";
        if (!body.TryGetProperty("subject", out var subject) || subject.ValueKind != JsonValueKind.String || subject.GetString()!.Length == 0) return "Missing `subject` field.";
        if (!body.TryGetProperty("html", out _) && !body.TryGetProperty("text", out _)) return "Missing `html` or `text` field.";
        foreach (var name in body.EnumerateObject().Select(p => p.Name))
            if (name is not ("from" or "to" or "subject" or "html" or "text" or "reply_to" or "headers" or "tags" or "cc" or "bcc" or "attachments" or "scheduled_at"))
                return $"Unknown field `{name}`.";
        if (body.TryGetProperty("reply_to", out var replyTo) && replyTo.ValueKind is not (JsonValueKind.String or JsonValueKind.Array)) return "Invalid `reply_to` field.";
        if (body.TryGetProperty("headers", out var headers)
            && (headers.ValueKind != JsonValueKind.Object || headers.EnumerateObject().Any(h => h.Value.ValueKind != JsonValueKind.String)))
            return "Invalid `headers` field.";
        if (body.TryGetProperty("tags", out var tags)
            && (tags.ValueKind != JsonValueKind.Array || tags.EnumerateArray().Any(t => !TagPart(t, "name") || !TagPart(t, "value"))))
            return "Tags should only contain ASCII letters, numbers, underscores, or dashes.";
        return null;

        static bool TagPart(JsonElement tag, string part) =>
            tag.ValueKind == JsonValueKind.Object && tag.TryGetProperty(part, out var v) && v.ValueKind == JsonValueKind.String
            && TagCharacters().IsMatch(v.GetString()!) && v.GetString()!.Length <= 256;
    }

    private async Task MailgunAsync(HttpContext context, ProviderRequest r)
    {
        var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"api:{MailgunKey}"));
        var missing = new[] { "from", "to", "subject" }.FirstOrDefault(f => string.IsNullOrWhiteSpace(r.Field(f)));
        if (r.Header("Authorization") != basic) await RefuseAsync(context, 401, "Forbidden", "Basic auth api:KEY expected.");
        else if (r.Path != $"/v3/{MailgunDomain}/messages") await RefuseAsync(context, 404, """{"message":"Domain not found"}""", "Wrong domain in the path.");
        else if (!r.Header("Content-Type").StartsWith("multipart/form-data", StringComparison.Ordinal))
            await RefuseAsync(context, 400, """{"message":"multipart/form-data expected"}""", "Not multipart/form-data.");
        else if (missing is not null) await RefuseAsync(context, 400, $$"""{"message":"{{missing}} parameter is missing"}""", $"No {missing}.");
        else if (r.Field("html") is null && r.Field("text") is null)
            await RefuseAsync(context, 400, """{"message":"Need at least one of 'text' or 'html' parameters specified"}""", "No body.");
        else if (!await ScriptedAsync(context))
        {
            Sent.Enqueue(r);
            await Answer(context, 200, $$"""{"id":"<{{DateTime.UtcNow:yyyyMMddHHmmss}}.{{Guid.NewGuid():N}}@{{MailgunDomain}}>","message":"Queued. Thank you."}""");
        }
    }

    private async Task RefuseAsync(HttpContext context, int status, string body, string why)
    {
        FormatErrors.Enqueue(why);
        context.Response.StatusCode = status;
        context.Response.ContentType = body.StartsWith('{') ? "application/json" : "text/plain";
        await context.Response.WriteAsync(body);
    }

    private async Task<bool> ScriptedAsync(HttpContext context)
    {
        if (_script.TryDequeue(out var scripted))
        {
            foreach (var (name, value) in scripted.Headers) context.Response.Headers[name] = value;
            await Answer(context, scripted.Status, scripted.Body);
            return true;
        }
        if (Outage is { } status)
        {
            await Answer(context, status, """{"statusCode":500,"name":"internal_server_error","message":"Unexpected error."}""");
            return true;
        }
        return false;
    }

    private static async Task Answer(HttpContext context, int status, string? body)
    {
        if (context.Response.HasStarted) return;
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body ?? "");
    }

    [GeneratedRegex(@"^/v3/[^/]+/messages$")]
    private static partial Regex MailgunPath();

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex TagCharacters();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
