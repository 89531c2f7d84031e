using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace VoiceTraining.UnitTests.Infrastructure.Billing.StripeBilling;

/// <summary>
/// Stripe's API played by Kestrel on 127.0.0.1 (port chosen by the OS). It checks what Stripe checks
/// on the wire — the bearer secret key, the Stripe-Version, an Idempotency-Key on every POST, a
/// well-formed form-urlencoded body — and answers a violation the way Stripe would (401/400 with an
/// error object), recording it too. Each "METHOD /path" follows a script of replies (the last one repeats).
/// </summary>
public sealed class FakeStripeServer : IAsyncDisposable
{
    public const string SecretKey = "sk_test_fake_4eC39HqLyjWDarjtT1zdp7dc";
    /// <summary>The version Stripe.net 53.1.0 is built for and sends; the fixtures here are in its shapes.</summary>
    public const string ApiVersion = "2026-10-28.endive";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Script> _scripts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentQueue<string> _violations = new();

    private FakeStripeServer(WebApplication app) => _app = app;

    /// <summary>http://127.0.0.1:port, no trailing slash.</summary>
    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToList();

    /// <summary>Wire-format rules the client broke (empty when it spoke Stripe correctly).</summary>
    public IReadOnlyList<string> Violations => _violations.ToList();

    public static async Task<FakeStripeServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FakeStripeServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.BaseUrl = app.Urls.Single().TrimEnd('/');
        return server;
    }

    /// <summary>Answers "METHOD /v1/…" with these replies in turn.</summary>
    public void On(string method, string path, params FakeReply[] replies) => _scripts[$"{method} {path}"] = new Script(replies);

    public IReadOnlyList<RecordedRequest> RequestsTo(string method, string path) =>
        Requests.Where(r => r.Method == method && r.Path == path).ToList();

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var recorded = new RecordedRequest(
            request.Method,
            request.Path.Value ?? "",
            request.QueryString.Value ?? "",
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            request.ContentType,
            body);
        _requests.Enqueue(recorded);

        if (Check(recorded) is { } problem)
        {
            _violations.Enqueue(problem.Message);
            await FakeReply.Error(problem.Status, problem.Type, null, problem.Message).WriteAsync(context);
            return;
        }

        if (!_scripts.TryGetValue($"{request.Method} {request.Path.Value}", out var script))
        {
            await FakeReply.Error(404, "invalid_request_error", "resource_missing", $"Unrecognized request URL ({request.Method}: {request.Path.Value}).").WriteAsync(context);
            return;
        }
        await script.Next().WriteAsync(context);
    }

    private static (int Status, string Type, string Message)? Check(RecordedRequest r)
    {
        if (r.Header("Authorization") != $"Bearer {SecretKey}")
            return (401, "invalid_request_error", $"Invalid API Key provided (Authorization: \"{r.Header("Authorization")}\").");
        if (r.Header("Stripe-Version") != ApiVersion)
            return (400, "invalid_request_error", $"Stripe-Version \"{r.Header("Stripe-Version")}\" is not the pinned {ApiVersion}.");
        if (r.Method == "POST")
        {
            if (string.IsNullOrWhiteSpace(r.Header("Idempotency-Key")))
                return (400, "invalid_request_error", "A POST without an Idempotency-Key.");
            if (r.ContentType is null || !r.ContentType.StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal))
                return (400, "invalid_request_error", $"Content-Type \"{r.ContentType}\" is not application/x-www-form-urlencoded.");
            if (FormProblem(r.Body) is { } problem)
                return (400, "invalid_request_error", $"The body is not form-urlencoded: {problem}.");
        }
        else if (r.Body.Length > 0)
        {
            return (400, "invalid_request_error", $"A {r.Method} with a body.");
        }
        return null;
    }

    /// <summary>What is wrong with a form body: characters that must be escaped, or an escape that is not one.</summary>
    private static string? FormProblem(string body)
    {
        if (body.Length == 0) return null;
        foreach (var pair in body.Split('&'))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) return $"\"{pair}\" is not key=value";
            for (var i = 0; i < pair.Length; i++)
            {
                var c = pair[i];
                if (c == '%' && (i + 2 >= pair.Length || !char.IsAsciiHexDigit(pair[i + 1]) || !char.IsAsciiHexDigit(pair[i + 2]))) return $"a bad escape in \"{pair}\"";
                if (c > 0x7e || c <= ' ' || c is '"' or '#' or '\'' or '<' or '>' or '\\' or '^' or '`' or '{' or '|' or '}') return $"an unescaped '{c}' in \"{pair}\"";
            }
        }
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class Script(FakeReply[] replies)
    {
        private int _requests;

        public FakeReply Next()
        {
            var n = Interlocked.Increment(ref _requests);
            return replies[Math.Min(n, replies.Length) - 1];
        }
    }
}

public sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string? ContentType, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>The body's fields in the order sent, decoded by the form rules ('+' is a space, then %XX escapes).</summary>
    public IReadOnlyList<(string Key, string Value)> Form =>
        Body.Length == 0
            ? []
            : Body.Split('&').Select(pair => pair.Split('=', 2)).Select(kv => (Decode(kv[0]), Decode(kv.Length > 1 ? kv[1] : ""))).ToList();

    private static string Decode(string part) => Uri.UnescapeDataString(part.Replace('+', ' '));
}

/// <summary>One answer of the <see cref="FakeStripeServer"/>.</summary>
public sealed class FakeReply
{
    private readonly int _status;
    private readonly string _json;
    private readonly (string Name, string Value)[] _headers;

    private FakeReply(int status, string json, (string, string)[] headers)
    {
        _status = status;
        _json = json;
        _headers = headers;
    }

    internal async Task WriteAsync(HttpContext context)
    {
        context.Response.StatusCode = _status;
        context.Response.ContentType = "application/json";
        context.Response.Headers["Request-Id"] = "req_" + Guid.NewGuid().ToString("N")[..14];
        foreach (var (name, value) in _headers) context.Response.Headers[name] = value;
        await context.Response.WriteAsync(_json);
    }

    public static FakeReply Json(string json, params (string Name, string Value)[] headers) => new(200, json, headers);

    /// <summary>Stripe's error shape: {"error":{"type","code","message","param","decline_code"}}.</summary>
    public static FakeReply Error(int status, string type, string? code, string message, string? param = null, string? declineCode = null, string? shouldRetry = null)
    {
        var error = new Dictionary<string, string?> { ["type"] = type, ["message"] = message };
        if (code is not null) error["code"] = code;
        if (param is not null) error["param"] = param;
        if (declineCode is not null) error["decline_code"] = declineCode;
        var headers = shouldRetry is null ? Array.Empty<(string, string)>() : [("Stripe-Should-Retry", shouldRetry)];
        return new(status, JsonSerializer.Serialize(new { error }), headers);
    }

    /// <summary>A status with a body that is not Stripe's (a proxy's page).</summary>
    public static FakeReply Raw(int status, string body) => new(status, body, []);
}
