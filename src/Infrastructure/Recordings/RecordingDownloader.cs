using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using VoiceTraining.Infrastructure.Resilience;
using VoiceTraining.Infrastructure.Webhooks.Outbound.Ssrf;

namespace VoiceTraining.Infrastructure.Recordings;

/// <summary>
/// Fetches a call recording from the voice provider. A typed HttpClient rather than a Refit interface
/// (every other outbound REST call is one): this is no REST API but a GET of whatever absolute URL the
/// call's webhook named, and the body is streamed to a temporary file under a byte cap and a deadline
/// over the whole download, which needs the response before its body is read. The URL and every
/// redirect must pass <see cref="RecordingUrlPolicy"/>, and the client's handler connects only to
/// addresses its guard vetted (see AddInfrastructure), so a webhook cannot point it inside our network.
/// </summary>
public sealed class RecordingDownloader(HttpClient http, RecordingUrlPolicy policy)
{
    public const string ResiliencePipelineName = "recording-download";
    /// <summary>Redirects followed at most, each checked like the URL itself (the handler follows none on its own).</summary>
    public const int MaxRedirects = 5;
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The client's resilience handler: network errors, timeouts, 408, 429 and 5xx are retried twice
    /// with exponential backoff and jitter from 2 s, or after the host's Retry-After up to a minute (of
    /// the download's three); each try has 60 s to bring the headers.
    /// </summary>
    public static void ConfigureResilience(ResiliencePipelineBuilder<HttpResponseMessage> pipeline) => pipeline
        .AddRetry(new HttpRetryStrategyOptions
        {
            // A connection the guard refused would be refused again: not retried.
            ShouldHandle = args => ValueTask.FromResult(Blocked(args.Outcome.Exception) is null && HttpClientResiliencePredicates.IsTransient(args.Outcome)),
            MaxRetryAttempts = 2,
            Delay = TimeSpan.FromSeconds(2),
            DelayGenerator = args => ValueTask.FromResult(RetryAfter.Requested(args.Outcome.Result, MaxRetryAfter)),
        })
        .AddTimeout(TimeSpan.FromSeconds(60));

    /// <summary>A downloaded recording, buffered to a temporary file so storage gets a plain stream.</summary>
    public sealed record Download(string ContentType, string Extension, long Bytes, Stream Content) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Content.DisposeAsync();
    }

    public async Task<Download> DownloadAsync(Uri url, long maxBytes, CancellationToken cancellationToken)
    {
        // HttpClient.Timeout stops at the headers when the body is streamed: make it cover the whole
        // download, so a host that stalls mid-recording fails like one that never answers.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (http.Timeout != Timeout.InfiniteTimeSpan) deadline.CancelAfter(http.Timeout);
        try
        {
            return await DownloadWithinAsync(url, maxBytes, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RecordingDownloadException($"The download did not finish within {http.Timeout.TotalSeconds:0.#} s.");
        }
    }

    private async Task<Download> DownloadWithinAsync(Uri url, long maxBytes, CancellationToken cancellationToken)
    {
        using var response = await GetFollowingRedirectsAsync(url, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new RecordingDownloadException($"The provider answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        if (response.Content.Headers.ContentLength > maxBytes)
            throw new RecordingDownloadException($"The recording is larger than {maxBytes} bytes.");

        var temp = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[81920];
            long total = 0;
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > maxBytes) throw new RecordingDownloadException($"The recording is larger than {maxBytes} bytes.");
                await temp.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
            if (total == 0) throw new RecordingDownloadException("The recording is empty.");
            temp.Position = 0;
            var contentType = response.Content.Headers.ContentType?.MediaType ?? "application/octet-stream";
            return new Download(NormalizeContentType(contentType, url), ExtensionFor(contentType, url), total, temp);
        }
        catch
        {
            await temp.DisposeAsync();
            throw;
        }
    }

    /// <summary>GETs the URL, following up to <see cref="MaxRedirects"/> redirects, each hop checked by the policy first.</summary>
    private async Task<HttpResponseMessage> GetFollowingRedirectsAsync(Uri url, CancellationToken cancellationToken)
    {
        var current = url;
        for (var hop = 0; ; hop++)
        {
            if (policy.WhyRefused(current) is { } reason) throw Refused(hop, current, reason);
            HttpResponseMessage response;
            try
            {
                response = await http.GetAsync(current, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            }
            catch (HttpRequestException ex) when (Blocked(ex) is { } blocked)
            {
                throw Refused(hop, current, blocked.Reason);
            }
            if (!IsRedirect(response.StatusCode)) return response;

            var location = response.Headers.Location;
            var status = (int)response.StatusCode;
            response.Dispose();
            if (location is null) throw new RecordingDownloadException($"The provider answered {status} without a Location.");
            if (hop == MaxRedirects) throw new RecordingUrlRefusedException($"The recording URL was refused: more than {MaxRedirects} redirects.");
            current = location.IsAbsoluteUri ? location : new Uri(current, location);
        }
    }

    // The host only: recording URLs carry signed query strings, which do not belong in logs or last_error.
    private static RecordingUrlRefusedException Refused(int hop, Uri url, string reason) => new(hop == 0
        ? $"The recording URL was refused: {reason}."
        : $"A redirect (to host {url.IdnHost}) was refused: {reason}.");

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    /// <summary>The guard's refusal inside what HttpClient threw; a name that did not resolve is a network failure, not a refusal.</summary>
    private static SsrfBlockedException? Blocked(Exception? ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
            if (e is SsrfBlockedException { Unresolved: false } blocked) return blocked;
        return null;
    }

    internal static string ExtensionFor(string contentType, Uri url) => contentType.ToLowerInvariant() switch
    {
        "audio/mpeg" or "audio/mp3" => "mp3",
        "audio/wav" or "audio/x-wav" or "audio/wave" => "wav",
        "audio/ogg" => "ogg",
        "audio/webm" => "webm",
        "audio/mp4" or "audio/m4a" or "audio/x-m4a" => "m4a",
        _ => Path.GetExtension(url.AbsolutePath).TrimStart('.').ToLowerInvariant() is { Length: > 0 and <= 5 } ext && ext.All(char.IsLetterOrDigit) ? ext : "mp3",
    };

    /// <summary>Storage may hand out octet-stream; the browser's player needs an audio type.</summary>
    private static string NormalizeContentType(string contentType, Uri url) =>
        contentType.StartsWith("audio/", StringComparison.OrdinalIgnoreCase) ? contentType
        : ExtensionFor(contentType, url) switch
        {
            "wav" => "audio/wav",
            "ogg" => "audio/ogg",
            "webm" => "audio/webm",
            "m4a" => "audio/mp4",
            _ => "audio/mpeg",
        };
}

public class RecordingDownloadException(string message) : Exception(message);
