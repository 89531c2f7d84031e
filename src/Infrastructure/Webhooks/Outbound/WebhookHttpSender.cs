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
            return new(new WebhookAttemptResult(null, WebhookFailureKind.Network, NetworkFailureReason(ex)), Elapsed(watch), null, started);
        }
        catch (IOException)
        {
            return new(new WebhookAttemptResult(null, WebhookFailureKind.Network, "Connection error: the connection was closed while sending."), Elapsed(watch), null, started);
        }
    }

    private static SsrfBlockedException? FindBlocked(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
            if (e is SsrfBlockedException blocked) return blocked;
        return null;
    }

    /// <summary>
    /// What went wrong, in words an integrator can act on; the socket's and TLS stack's own messages
    /// (which name addresses and library internals) stay out of the delivery log shown to customers.
    /// </summary>
    internal static string NetworkFailureReason(HttpRequestException ex)
    {
        if (ex.InnerException is AuthenticationException || ex.HttpRequestError == HttpRequestError.SecureConnectionError)
            return "TLS error: the secure connection could not be established (check the endpoint's certificate).";
        var socket = Find<System.Net.Sockets.SocketException>(ex)?.SocketErrorCode;
        return socket switch
        {
            System.Net.Sockets.SocketError.ConnectionRefused => "Connection error: the endpoint refused the connection.",
            System.Net.Sockets.SocketError.ConnectionReset or System.Net.Sockets.SocketError.ConnectionAborted => "Connection error: the endpoint closed the connection.",
            System.Net.Sockets.SocketError.HostNotFound or System.Net.Sockets.SocketError.NoData or System.Net.Sockets.SocketError.TryAgain => "Connection error: the endpoint's host name does not resolve.",
            System.Net.Sockets.SocketError.HostUnreachable or System.Net.Sockets.SocketError.NetworkUnreachable => "Connection error: the endpoint's host is unreachable.",
            System.Net.Sockets.SocketError.TimedOut => "Connection error: connecting to the endpoint timed out.",
            _ => ex.HttpRequestError switch
            {
                HttpRequestError.NameResolutionError => "Connection error: the endpoint's host name does not resolve.",
                HttpRequestError.ResponseEnded => "Connection error: the endpoint closed the connection before answering.",
                HttpRequestError.InvalidResponse or HttpRequestError.HttpProtocolError => "Protocol error: the endpoint's answer is not valid HTTP.",
                HttpRequestError.ConfigurationLimitExceeded => "Protocol error: the endpoint's answer headers are too large.",
                _ => "Connection error: the endpoint could not be reached.",
            },
        };
    }

    private static T? Find<T>(Exception ex) where T : Exception
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
            if (e is T found) return found;
        return null;
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
