using System.Net;
using System.Text.Json;
using Polly.Timeout;
using VoiceTraining.Application.Common.Interfaces;

namespace VoiceTraining.Infrastructure.Email;

/// <summary>What the two providers' adapters share: one request, its answer mapped to an outcome.</summary>
internal static class EmailHttp
{
    private const int MaxErrorChars = 900;

    public static async Task<EmailSendResult> SendAsync(HttpClient http, HttpRequestMessage request, Func<JsonElement, string?> readId,
        Func<HttpStatusCode, JsonElement, (string Message, bool QuotaExceeded)> readError, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException
                                       || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new EmailSendResult(EmailSendOutcome.Retry, Error: Trim($"The request failed: {ex.Message}"));
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var body = Parse(text);
            if (response.IsSuccessStatusCode) return EmailSendResult.Sent(body.ValueKind == JsonValueKind.Object ? readId(body) : null);

            var status = (int)response.StatusCode;
            var (message, quota) = readError(response.StatusCode, body);
            if (body.ValueKind != JsonValueKind.Object && text.Length > 0) message += " " + text;
            var outcome = quota ? EmailSendOutcome.QuotaExceeded
                : response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || status >= 500 ? EmailSendOutcome.Retry
                : EmailSendOutcome.Rejected;
            return new EmailSendResult(outcome, Error: Trim(message), StatusCode: status, RetryAfter: EmailResilience.WaitFor(response));
        }
    }

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
