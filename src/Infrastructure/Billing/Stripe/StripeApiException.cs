using System.Net;
using System.Text.Json;

namespace VoiceTraining.Infrastructure.Billing.Stripe;

/// <summary>
/// Stripe answered with an error: its error object (<c>{"error":{"type","code","message","param","decline_code"}}</c>)
/// and the HTTP status. <see cref="Type"/> is card_error, invalid_request_error, api_error,
/// idempotency_error, rate_limit_error or authentication_error; <see cref="RequestId"/> is Stripe's Request-Id,
/// for support.
/// </summary>
public sealed class StripeApiException(HttpStatusCode status, string? type, string? code, string message, string? param, string? declineCode, string? requestId)
    : Exception(message)
{
    public HttpStatusCode Status => status;
    public string? Type => type;
    public string? Code => code;
    public string? Param => param;
    public string? DeclineCode => declineCode;
    public string? RequestId => requestId;

    public bool IsCardError => type == "card_error";

    /// <summary>Reads Stripe's error body; a body that is not one (a proxy's HTML page, say) still gives a useful message.</summary>
    public static StripeApiException FromResponse(HttpStatusCode status, string? body, string? requestId)
    {
        if (!string.IsNullOrWhiteSpace(body))
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                if (document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
                {
                    var type = Str(error, "type");
                    var message = Str(error, "message") ?? $"Stripe answered {(int)status} ({type ?? "no error type"}).";
                    return new StripeApiException(status, type, Str(error, "code"), message, Str(error, "param"), Str(error, "decline_code"), requestId);
                }
            }
            catch (JsonException)
            {
                // Not JSON: fall through.
            }
        }
        return new StripeApiException(status, null, null, $"Stripe answered {(int)status} {status} without an error object.", null, null, requestId);
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
