using System.Net.Http.Headers;
using System.Text.Json;

namespace VoiceTraining.Api.IntegrationTests.Fuzzing;

/// <summary>What one answer was, by the pass condition: no 5xx, and every 4xx an RFC 9457 problem.</summary>
public enum FuzzOutcome
{
    Passed,
    /// <summary>Kestrel's own empty refusal, for a request only Kestrel may refuse that way.</summary>
    KestrelRefusal,
    ServerError,
    NotAProblem,
    NoAnswer,
}

public static class FuzzVerdict
{
    public const string ProblemMediaType = "application/problem+json";

    public static (FuzzOutcome Outcome, string? Why) Judge(FuzzRequest request, int status, MediaTypeHeaderValue? contentType, byte[] body)
    {
        if (status >= 500) return (FuzzOutcome.ServerError, $"answered {status}");
        if (status < 400) return (FuzzOutcome.Passed, null);
        if (body.Length == 0 && request.KestrelRefusals.Contains(status)) return (FuzzOutcome.KestrelRefusal, null);
        if (contentType?.MediaType != ProblemMediaType) return (FuzzOutcome.NotAProblem, $"answered {status} as {contentType?.ToString() ?? "no Content-Type"} ({body.Length} bytes)");
        // A HEAD answer has the headers of the GET answer and no body.
        if (request.Method == "HEAD") return (FuzzOutcome.Passed, null);
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return (FuzzOutcome.NotAProblem, $"answered {status} with a problem that is not a JSON object");
            if (!root.TryGetProperty("status", out var statusProperty) || statusProperty.ValueKind != JsonValueKind.Number || statusProperty.GetInt32() != status)
                return (FuzzOutcome.NotAProblem, $"answered {status} with a problem whose status is not {status}");
            if (!root.TryGetProperty("title", out var title) || title.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(title.GetString()))
                return (FuzzOutcome.NotAProblem, $"answered {status} with a problem without a title");
        }
        catch (JsonException)
        {
            return (FuzzOutcome.NotAProblem, $"answered {status} as problem+json that is not JSON");
        }
        return (FuzzOutcome.Passed, null);
    }
}
