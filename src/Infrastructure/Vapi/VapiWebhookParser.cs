using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using VoiceTraining.Application.Calls;
using VoiceTraining.Domain.Attempts;

namespace VoiceTraining.Infrastructure.Vapi;

/// <summary>
/// Reads both webhook shapes into one <see cref="CallEvent"/>: the integration document's
/// (<c>{"type":"call.ended","call":{…}}</c>) and Vapi's native server messages
/// (<c>{"message":{"type":"end-of-call-report",…}}</c>). Defensive: fields may be missing or sit in
/// either place; unknown types are reported as ignorable, not as errors.
/// </summary>
public static class VapiWebhookParser
{
    public sealed record Result(CallEvent? Event, string Type, string? Error)
    {
        public bool Ignored => Event is null && Error is null;
    }

    public static Result Parse(ReadOnlySpan<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException)
        {
            return new Result(null, "", "The body is not JSON.");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return new Result(null, "", "The body is not a JSON object.");
            var key = Convert.ToHexStringLower(SHA256.HashData(body));
            return root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object
                ? ParseNative(message, key)
                : ParseDocumented(root, key);
        }
    }

    /// <summary>The integration document's shape: type + call {id, status, startedAt, endedAt, duration, recordingUrl, transcript, metadata}.</summary>
    private static Result ParseDocumented(JsonElement root, string key)
    {
        var type = Str(root, "type") ?? "";
        var call = Obj(root, "call");
        CallEventKind? kind = type switch
        {
            "call.started" => CallEventKind.Started,
            "call.ended" => CallEventKind.Ended,
            "transcript.update" => CallEventKind.TranscriptUpdated,
            "call.failed" => CallEventKind.Failed,
            _ => null,
        };
        if (kind is null) return new Result(null, type, null);
        if (call is null) return new Result(null, type, "The event has no call object.");
        var c = call.Value;

        var started = Time(c, "startedAt");
        var ended = Time(c, "endedAt");
        return new Result(new CallEvent
        {
            Kind = kind.Value,
            DeliveryKey = key,
            ProviderType = type,
            ProviderCallId = Str(c, "id"),
            AttemptId = AttemptIdFrom(Obj(c, "metadata")),
            StartedAt = started,
            EndedAt = ended,
            DurationSeconds = Seconds(c, "duration") ?? Between(started, ended),
            Transcript = DocumentedTranscript(c),
            RecordingUrl = Str(c, "recordingUrl"),
            EndedReason = Str(c, "endedReason") ?? Str(c, "error") ?? Str(Obj(c, "error"), "message") ?? (kind == CallEventKind.Failed ? Str(c, "status") : null),
            AnalysisSummary = Str(Obj(c, "analysis"), "summary"),
            SuccessEvaluation = Scalar(Obj(c, "analysis"), "successEvaluation"),
            StructuredData = Flatten(Obj(Obj(c, "analysis"), "structuredData")),
        }, type, null);
    }

    /// <summary>Vapi's server messages: status-update, end-of-call-report, conversation-update, transcript, hang, …</summary>
    private static Result ParseNative(JsonElement m, string key)
    {
        var type = Str(m, "type") ?? "";
        var call = Obj(m, "call");
        var attemptId = AttemptIdFrom(Obj(call, "metadata")) ?? AttemptIdFrom(Obj(m, "metadata"))
            ?? AttemptIdFrom(Obj(Obj(m, "assistant"), "metadata")) ?? AttemptIdFrom(Obj(Obj(call, "assistant"), "metadata"))
            ?? AttemptIdFrom(Obj(Obj(call, "assistantOverrides"), "metadata"));
        var callId = Str(call, "id") ?? Str(m, "callId");

        switch (type)
        {
            case "status-update":
                var status = Str(m, "status");
                if (status == "ended")
                {
                    // A call that broke before the trainee spoke is failed now, seconds before its report
                    // (which decides as below, and wins should it bring a conversation after all).
                    var reason = Str(m, "endedReason") ?? Str(call, "endedReason");
                    var spoken = NativeTranscript(Arr(Obj(m, "artifact"), "messages") ?? Arr(m, "messages"), null).Any(t => t.Role == "user");
                    if (!IsFailure(reason) || spoken) return new Result(null, $"{type}:{status}", null);
                    return new Result(new CallEvent
                    {
                        Kind = CallEventKind.Failed, DeliveryKey = key, ProviderType = $"{type}:{status}", ProviderCallId = callId, AttemptId = attemptId,
                        EndedAt = Time(m, "timestamp") ?? Time(call, "endedAt"), EndedReason = reason,
                    }, type, null);
                }
                if (status != "in-progress") return new Result(null, $"{type}:{status}", null);
                return new Result(new CallEvent
                {
                    Kind = CallEventKind.Started, DeliveryKey = key, ProviderType = $"{type}:{status}", ProviderCallId = callId, AttemptId = attemptId,
                    StartedAt = Time(m, "timestamp") ?? Time(call, "startedAt"),
                }, type, null);

            case "end-of-call-report":
                var artifact = Obj(m, "artifact");
                var started = Time(m, "startedAt") ?? Time(call, "startedAt");
                var ended = Time(m, "endedAt") ?? Time(call, "endedAt");
                var transcript = NativeTranscript(Arr(artifact, "messages") ?? Arr(m, "messages"), started);
                var endedReason = Str(m, "endedReason") ?? Str(call, "endedReason");
                var analysis = Obj(m, "analysis");
                var recording = Obj(artifact, "recording");
                var failed = IsFailure(endedReason) && !transcript.Any(t => t.Role == "user");
                return new Result(new CallEvent
                {
                    Kind = failed ? CallEventKind.Failed : CallEventKind.Ended,
                    DeliveryKey = key,
                    ProviderType = type,
                    ProviderCallId = callId,
                    AttemptId = attemptId,
                    StartedAt = started,
                    EndedAt = ended,
                    DurationSeconds = Seconds(m, "durationSeconds") ?? MillisAsSeconds(m, "durationMs") ?? Between(started, ended),
                    Transcript = transcript,
                    RecordingUrl = Str(Obj(recording, "mono"), "combinedUrl") ?? Str(recording, "stereoUrl")
                        ?? Str(artifact, "recordingUrl") ?? Str(m, "recordingUrl") ?? Str(artifact, "stereoRecordingUrl") ?? Str(m, "stereoRecordingUrl"),
                    EndedReason = endedReason,
                    AnalysisSummary = Str(analysis, "summary") ?? Str(m, "summary"),
                    SuccessEvaluation = Scalar(analysis, "successEvaluation"),
                    StructuredData = Flatten(Obj(analysis, "structuredData")),
                }, type, null);

            case "conversation-update":
                // The conversation so far (one of Vapi's default server messages), sent as each turn is
                // committed: kept on the attempt while the call runs, and its new turns go to the browsers
                // watching. The end-of-call report replaces it.
                var conversation = NativeTranscript(Arr(m, "messages") ?? Arr(Obj(m, "artifact"), "messages"), Time(call, "startedAt"));
                if (conversation.Count == 0) return new Result(null, type, null);
                return new Result(new CallEvent
                {
                    Kind = CallEventKind.TranscriptUpdated, DeliveryKey = key, ProviderType = type, ProviderCallId = callId, AttemptId = attemptId,
                    Transcript = conversation,
                }, type, null);

            default:
                // transcript (its final turns arrive again in conversation-update: taking both would show each
                // turn twice; partials change several times a second), hang, speech-update, tool-calls …:
                // acknowledged, not stored.
                return new Result(null, type, null);
        }
    }

    /// <summary>Ended reasons that mean the call broke rather than finished.</summary>
    private static bool IsFailure(string? endedReason) =>
        endedReason is not null && (endedReason.Contains("error", StringComparison.OrdinalIgnoreCase)
            || endedReason.Contains("failed", StringComparison.OrdinalIgnoreCase)
            || endedReason.Contains("did-not-answer", StringComparison.OrdinalIgnoreCase));

    private static List<TranscriptTurn> DocumentedTranscript(JsonElement call)
    {
        var turns = new List<TranscriptTurn>();
        if (Arr(call, "transcript") is not { } items) return turns;
        foreach (var item in items)
        {
            var role = NormalizeRole(Str(item, "role"));
            var text = Str(item, "text") ?? Str(item, "message");
            if (role is null || string.IsNullOrWhiteSpace(text)) continue;
            turns.Add(new TranscriptTurn
            {
                Role = role,
                Text = text.Trim(),
                TimestampMs = (long)(Number(item, "timestamp") ?? 0),
                EndMs = Number(item, "endTimestamp") is { } end ? (long)end : null,
            });
        }
        return turns;
    }

    /// <summary>
    /// artifact.messages: role/message/time (epoch ms)/endTime/secondsFromStart/duration. Times become
    /// ms from the call start: secondsFromStart when given, else time minus the call's (or first message's) start.
    /// </summary>
    private static List<TranscriptTurn> NativeTranscript(JsonElement.ArrayEnumerator? messages, DateTimeOffset? callStart)
    {
        var turns = new List<TranscriptTurn>();
        if (messages is not { } items) return turns;
        double? origin = callStart?.ToUnixTimeMilliseconds();
        foreach (var item in items)
        {
            var role = NormalizeRole(Str(item, "role"));
            var text = Str(item, "message") ?? Str(item, "content") ?? Str(item, "text");
            if (role is null || string.IsNullOrWhiteSpace(text)) continue;
            var time = Number(item, "time");
            var fromStart = Number(item, "secondsFromStart");
            if (origin is null && time is not null) origin = fromStart is not null ? time - fromStart * 1000 : time;
            var startMs = fromStart is not null ? fromStart.Value * 1000 : time is not null && origin is not null ? time.Value - origin.Value : 0;
            double? endMs = Number(item, "endTime") is { } endTime && time is not null ? startMs + (endTime - time.Value)
                : Number(item, "duration") is { } duration ? startMs + duration
                : null;
            turns.Add(new TranscriptTurn
            {
                Role = role,
                Text = text.Trim(),
                TimestampMs = (long)Math.Max(0, Math.Round(startMs)),
                EndMs = endMs is null ? null : (long)Math.Max(0, Math.Round(endMs.Value)),
            });
        }
        return turns;
    }

    /// <summary>The trainee is "user"; the AI buyer is "assistant" (Vapi says "bot"). System and tool messages are not conversation.</summary>
    private static string? NormalizeRole(string? role) => role?.ToLowerInvariant() switch
    {
        "user" or "customer" => "user",
        "assistant" or "bot" or "ai" => "assistant",
        _ => null,
    };

    private static Guid? AttemptIdFrom(JsonElement? metadata) =>
        Guid.TryParse(Str(metadata, "attempt_id") ?? Str(metadata, "attemptId"), out var id) ? id : null;

    private static Dictionary<string, string>? Flatten(JsonElement? obj)
    {
        if (obj is not { ValueKind: JsonValueKind.Object } o) return null;
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in o.EnumerateObject())
            result[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
        return result;
    }

    private static JsonElement? Obj(JsonElement? e, string name) =>
        e is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : null;

    private static JsonElement? Obj(JsonElement e, string name) => Obj((JsonElement?)e, name);

    private static JsonElement.ArrayEnumerator? Arr(JsonElement? e, string name) =>
        e is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray() : null;

    private static string? Str(JsonElement? e, string name) =>
        e is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString())
            ? v.GetString() : null;

    /// <summary>A value that may come as a string, number or boolean, as text.</summary>
    private static string? Scalar(JsonElement? e, string name) =>
        e is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out var v)
            ? v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.Number => v.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => null,
            }
            : null;

    private static double? Number(JsonElement? e, string name)
    {
        if (e is not { ValueKind: JsonValueKind.Object } o || !o.TryGetProperty(name, out var v)) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d)) return d;
        if (v.ValueKind == JsonValueKind.String && double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out d) && double.IsFinite(d)) return d;
        return null;
    }

    private static int? Seconds(JsonElement? e, string name) => Number(e, name) is { } s && s >= 0 ? (int)Math.Round(s) : null;

    private static int? MillisAsSeconds(JsonElement? e, string name) => Number(e, name) is { } ms && ms >= 0 ? (int)Math.Round(ms / 1000) : null;

    private static int? Between(DateTimeOffset? start, DateTimeOffset? end) =>
        start is not null && end is not null && end >= start ? (int)Math.Round((end.Value - start.Value).TotalSeconds) : null;

    /// <summary>An ISO 8601 string or epoch milliseconds.</summary>
    private static DateTimeOffset? Time(JsonElement? e, string name)
    {
        if (e is not { ValueKind: JsonValueKind.Object } o || !o.TryGetProperty(name, out var v)) return null;
        if (v.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(v.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)) return t;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var ms) && ms > 0) return DateTimeOffset.FromUnixTimeMilliseconds(ms);
        return null;
    }
}
