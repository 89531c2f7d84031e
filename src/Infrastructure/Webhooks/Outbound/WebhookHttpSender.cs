using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Authentication;
using System.Text;
using VoiceTraining.Domain.Webhooks;
using VoiceTraining.Infrastructure.Webhooks.Outbound.Ssrf;

namespace VoiceTraining.Infrastructure.Webhooks.Outbound;

/// <summary>One attempt to send: what to send where, signed with which secrets.</summary>
internal sealed record WebhookSendRequest(Guid MessageId, string Url, byte[] Body, string Secret, string? PreviousSecret);

internal sealed record WebhookSendResult(WebhookAttemptResult Result, int DurationMs, string? ResponseBody, DateTimeOffset AttemptedAt);

/// <summary>
/// Makes one HTTP attempt of a delivery: POST of the stored body with the signature headers,
/// through a handler that connects only to addresses the SSRF guard vetted, never follows
/// redirects, and gives up after the contract's 10 seconds. Keeps the first few KB of the answer.
/// </summary>
internal sealed class WebhookHttpSender(HttpClient http, WebhookUrlGuard guard, WebhookOptions options, TimeProvider clock)
{
    public const string UserAgent = "VoiceTraining-Webhooks/1.0";

    public async Task<WebhookSendResult> SendAsync(WebhookSendRequest request, CancellationToken cancellationToken)
    {
        var started = clock.GetUtcNow();
        var watch = Stopwatch.StartNew();
        var syntax = guard.CheckSyntax(request.Url);
        if (!syntax.Allowed)
            return new(new WebhookAttemptResult(null, WebhookFailureKind.Blocked, syntax.Reason), 0, null, started);

        var signature = WebhookSigner.Sign(request.MessageId.ToString(), started, request.Body, request.Secret, request.PreviousSecret);
        using var message = new HttpRequestMessage(HttpMethod.Post, request.Url) { Content = new ByteArrayContent(request.Body) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        var id = request.MessageId.ToString();
        message.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        message.Headers.TryAddWithoutValidation("X-Webhook-Id", id);
        message.Headers.TryAddWithoutValidation("X-Webhook-Timestamp", signature.Timestamp);
        message.Headers.TryAddWithoutValidation("X-Webhook-Signature", signature.XWebhookSignature);
        if (signature.XWebhookSignaturePrevious is not null)
            message.Headers.TryAddWithoutValidation("X-Webhook-Signature-Previous", signature.XWebhookSignaturePrevious);
        message.Headers.TryAddWithoutValidation("webhook-id", id);
        message.Headers.TryAddWithoutValidation("webhook-timestamp", signature.Timestamp);
        message.Headers.TryAddWithoutValidation("webhook-signature", signature.WebhookSignature);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        try
        {
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var body = await ReadSnippetAsync(response, timeout.Token);
            var code = (int)response.StatusCode;
            return new(WebhookAttemptResult.FromStatus(code, RetryAfter(response, started)), Elapsed(watch), body, started);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new(new WebhookAttemptResult(null, WebhookFailureKind.Timeout, $"No response within {options.Timeout.TotalSeconds:0} s."), Elapsed(watch), null, started);
        }
        catch (HttpRequestException ex) when (FindBlocked(ex) is { } blocked)
        {
            // A name that does not resolve now may resolve later (a DNS outage): retried like a network error.
            var kind = blocked.Unresolved ? WebhookFailureKind.Network : WebhookFailureKind.Blocked;
            return new(new WebhookAttemptResult(null, kind, blocked.Reason), Elapsed(watch), null, started);
        }
        catch (HttpRequestException ex)
        {
            var tls = ex.InnerException is AuthenticationException;
            var reason = tls ? $"TLS error: {ex.InnerException!.Message}" : $"Connection error: {Innermost(ex).Message}";
            return new(new WebhookAttemptResult(null, WebhookFailureKind.Network, Truncate(reason, 500)), Elapsed(watch), null, started);
        }
        catch (IOException ex)
        {
            return new(new WebhookAttemptResult(null, WebhookFailureKind.Network, Truncate($"Connection error: {ex.Message}", 500)), Elapsed(watch), null, started);
        }
    }

    private static SsrfBlockedException? FindBlocked(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
            if (e is SsrfBlockedException blocked) return blocked;
        return null;
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null) ex = ex.InnerException;
        return ex;
    }

    private static int Elapsed(Stopwatch watch) => (int)Math.Min(int.MaxValue, watch.ElapsedMilliseconds);

    /// <summary>Retry-After as seconds or an HTTP date; only meaningful on 429 and 503.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        var header = response.Headers.RetryAfter;
        if (header is null) return null;
        if (header.Delta is { } delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header.Date is { } date) return date > now ? date - now : TimeSpan.Zero;
        return null;
    }

    /// <summary>The first <see cref="WebhookLogLimits.ResponseBodyChars"/> characters of the answer; the rest is not read.</summary>
    private static async Task<string?> ReadSnippetAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[WebhookLogLimits.ResponseBodyChars];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken);
            if (n == 0) break;
            read += n;
        }
        if (read == 0) return null;
        var text = Encoding.UTF8.GetString(buffer, 0, read);
        // A cut multi-byte character decodes to U+FFFD; PostgreSQL text refuses NUL.
        return Truncate(text.Replace("\0", "", StringComparison.Ordinal), WebhookLogLimits.ResponseBodyChars);
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
