using System.Globalization;
using System.Net;
using System.Text.Json;
using VoiceTraining.Application.Voice.Providers;
using VoiceTraining.Domain.Voice;

namespace VoiceTraining.Infrastructure.Voice.Providers;

/// <summary>A provider whose health the periodic check can probe (an endpoint that costs nothing and proves the key works).</summary>
internal interface IHealthProbe
{
    string Name { get; }
    VoiceProviderKind Kind { get; }

    /// <summary>Null when healthy, else what is wrong (safe to store and show admins).</summary>
    Task<string?> ProbeAsync(CancellationToken cancellationToken);
}

/// <summary>How provider answers become <see cref="VoiceProviderException"/>s: by status, with the provider's own error message.</summary>
internal static class ProviderErrors
{
    private const int MaxMessage = 300;

    public static VoiceProviderFailure Classify(int status) => status switch
    {
        408 or 425 or 429 or >= 500 => VoiceProviderFailure.Unavailable,
        401 or 402 or 403 => VoiceProviderFailure.Unauthorized,
        _ => VoiceProviderFailure.Rejected,
    };

    public static VoiceProviderException FromStatus(string provider, VoiceProviderKind kind, int status, string? body) =>
        new(provider, kind, Classify(status), string.Create(CultureInfo.InvariantCulture, $"HTTP {status}{(Describe(body) is { } m ? ": " + m : "")}"));

    public static async Task<VoiceProviderException> FromResponseAsync(string provider, VoiceProviderKind kind, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string? body = null;
        try
        {
            using var read = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            // An error body is small; one that does not come is not waited for.
            read.CancelAfter(TimeSpan.FromSeconds(5));
            body = await response.Content.ReadAsStringAsync(read.Token);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException && !cancellationToken.IsCancellationRequested)
        {
            // The status says enough.
        }
        return FromStatus(provider, kind, (int)response.StatusCode, body);
    }

    /// <summary>A request that got no answer: a network error, or no answer in time.</summary>
    public static VoiceProviderException Unreachable(string provider, VoiceProviderKind kind, Exception e) =>
        new(provider, kind, VoiceProviderFailure.Unavailable, e switch
        {
            HttpRequestException { HttpRequestError: var error } => $"unreachable ({error})",
            TimeoutException or TaskCanceledException => "no answer in time",
            _ => $"the call failed ({e.GetType().Name})",
        }, e);

    /// <summary>
    /// The message of a provider's error body: OpenAI's and OpenRouter's {"error":{"message","type","code"}},
    /// ElevenLabs' {"detail":{"status","message"}} (or FastAPI's {"detail":[{"msg"}]}), or short plain text.
    /// </summary>
    public static string? Describe(string? body)
    {
        if (string.IsNullOrWhiteSpace(body)) return null;
        string? text = null;
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error))
            {
                text = error.ValueKind == JsonValueKind.String ? error.GetString()
                    : Join(Str(error, "code") ?? Str(error, "type"), Str(error, "message"));
            }
            else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("detail", out var detail))
            {
                text = detail.ValueKind switch
                {
                    JsonValueKind.String => detail.GetString(),
                    JsonValueKind.Object => Join(Str(detail, "status") ?? Str(detail, "code"), Str(detail, "message")),
                    JsonValueKind.Array => string.Join("; ", detail.EnumerateArray().Select(d => d.ValueKind == JsonValueKind.Object ? Str(d, "msg") : null).OfType<string>()),
                    _ => null,
                };
            }
        }
        catch (JsonException)
        {
            // Not JSON: a gateway's HTML or plain text; keep a little of it if it is short text.
            if (!body.TrimStart().StartsWith('<')) text = body.Trim();
        }
        if (string.IsNullOrWhiteSpace(text)) return null;
        text = text.ReplaceLineEndings(" ").Trim();
        return text.Length > MaxMessage ? text[..MaxMessage] + "…" : text;
    }

    private static string? Str(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;

    private static string? Join(string? code, string? message) =>
        code is null ? message : message is null ? code : $"{code}: {message}";

    /// <summary>Whether a status means the answer can be read as a success.</summary>
    public static bool IsSuccess(HttpStatusCode status) => (int)status is >= 200 and < 300;
}
