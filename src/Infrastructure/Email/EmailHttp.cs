using System.Globalization;
using System.Net;
using System.Text.Json;
using Refit;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Infrastructure.Resilience;

namespace VoiceTraining.Infrastructure.Email;

/// <summary>What the two providers' adapters share: one call through their Refit client, its answer mapped to an outcome.</summary>
internal static class EmailHttp
{
    private const int MaxErrorChars = 900;

    /// <param name="send">The Refit call; it hands back the answer whatever its status.</param>
    /// <param name="readTimeout">How long the answer's body may take once its headers are in.</param>
    /// <param name="readId">The provider's message id in a success answer.</param>
    /// <param name="readError">The message of an error answer, and whether it says the quota is used up.</param>
    /// <param name="cancellationToken">The caller's: its cancellation is not a failed send and passes through.</param>
    public static async Task<EmailSendResult> SendAsync(Func<Task<HttpResponseMessage>> send, TimeSpan readTimeout, Func<JsonElement, string?> readId,
        Func<HttpStatusCode, JsonElement, (string Message, bool QuotaExceeded)> readError, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await send();
        }
        // No answer (a network error, a try's timeout, the client's overall timeout): Refit wraps what
        // stopped the request, and lets the caller's own cancellation through as it is.
        catch (ApiRequestException ex)
        {
            return Failed((ex.InnerException ?? ex).Message);
        }

        using (response)
        {
            string text;
            try
            {
                text = await ReadAsync(response.Content, readTimeout, cancellationToken);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                return Failed(ex is OperationCanceledException
                    ? string.Create(CultureInfo.InvariantCulture, $"the answer's body did not arrive within {readTimeout.TotalSeconds:0.#} s.")
                    : ex.Message);
            }

            var body = Parse(text);
            if (response.IsSuccessStatusCode) return EmailSendResult.Sent(body.ValueKind == JsonValueKind.Object ? readId(body) : null);

            var status = (int)response.StatusCode;
            var (message, quota) = readError(response.StatusCode, body);
            if (body.ValueKind != JsonValueKind.Object && text.Length > 0) message += " " + text;
            var outcome = quota ? EmailSendOutcome.QuotaExceeded
                : response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || status >= 500 ? EmailSendOutcome.Retry
                : EmailSendOutcome.Rejected;
            return new EmailSendResult(outcome, Error: Trim(message), StatusCode: status, RetryAfter: RetryAfter.Requested(response));
        }
    }

    /// <summary>
    /// Refit returns once the headers are in, so the client's timeout no longer covers the body: a
    /// provider that stalls mid-answer gets the same bound as a try.
    /// </summary>
    private static async Task<string> ReadAsync(HttpContent content, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        return await content.ReadAsStringAsync(deadline.Token);
    }

    private static EmailSendResult Failed(string reason) => new(EmailSendOutcome.Retry, Error: Trim($"The request failed: {reason}"));

    private static JsonElement Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return default;
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static string Trim(string message) => message.Length <= MaxErrorChars ? message : message[..MaxErrorChars] + "…";
}
