using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace VoiceTraining.Api.IntegrationTests.Infrastructure;

/// <summary>One request an endpoint received: headers as sent, the raw body, and when.</summary>
public sealed record ReceivedWebhook(string Path, IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset At)
{
    public string Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : "";
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();
    public string EventType => Json.GetProperty("event").GetString()!;
    public string Id => Header("X-Webhook-Id");
}

/// <summary>
/// An organization's webhook receiver, played by Kestrel on 127.0.0.1. Each hook path answers
/// with a script of status codes (the last one repeats) and records every request it gets, and how
/// many it was answering at once.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Func<int, HttpContext, Task>> _scripts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private readonly ConcurrentDictionary<string, int> _inProgress = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _maxInProgress = new(StringComparer.Ordinal);

    private WebhookReceiver(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        receiver.BaseUrl = app.Urls.Single().TrimEnd('/');
        return receiver;
    }

    /// <summary>A new hook URL answering these status codes in turn (default: always 200).</summary>
    public string Hook(params int[] statuses) =>
        HookWith((n, context) =>
        {
            context.Response.StatusCode = statuses.Length == 0 ? 200 : statuses[Math.Min(n, statuses.Length) - 1];
            return context.Response.WriteAsync("{\"received\":true}");
        });

    /// <summary>A new hook URL with a custom answer; <c>n</c> is the 1-based request number.</summary>
    public string HookWith(Func<int, HttpContext, Task> answer)
    {
        var path = $"/hooks/{Guid.NewGuid():N}";
        _scripts[path] = answer;
        return BaseUrl + path;
    }

    public IReadOnlyList<ReceivedWebhook> ReceivedAt(string url)
    {
        var path = new Uri(url).AbsolutePath;
        return [.. _received.Where(r => r.Path == path)];
    }

    /// <summary>Requests to the URL being answered now (received, answer not finished).</summary>
    public int InProgressAt(string url) => _inProgress.GetValueOrDefault(new Uri(url).AbsolutePath);

    /// <summary>The most requests to the URL that were being answered at once so far.</summary>
    public int MaxInProgressAt(string url) => _maxInProgress.GetValueOrDefault(new Uri(url).AbsolutePath);

    /// <summary>Waits until the URL has received at least <paramref name="count"/> requests matching the filter.</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(string url, int count = 1, Func<ReceivedWebhook, bool>? where = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var received = ReceivedAt(url).Where(where ?? (_ => true)).ToList();
            if (received.Count >= count) return received;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{url} received {received.Count} matching requests, expected {count}. All: {string.Join(" | ", ReceivedAt(url).Select(r => r.Body))}");
            await Task.Delay(25);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        _received.Enqueue(new ReceivedWebhook(path, headers, body, DateTimeOffset.UtcNow));
        if (!_scripts.TryGetValue(path, out var answer))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var n = _counts.AddOrUpdate(path, 1, (_, c) => c + 1);
        var now = _inProgress.AddOrUpdate(path, 1, (_, c) => c + 1);
        _maxInProgress.AddOrUpdate(path, now, (_, max) => Math.Max(max, now));
        try
        {
            await answer(n, context);
        }
        finally
        {
            _inProgress.AddOrUpdate(path, 0, (_, c) => c - 1);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
