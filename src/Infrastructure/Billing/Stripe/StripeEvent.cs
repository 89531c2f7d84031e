using System.Text.Json;

namespace VoiceTraining.Infrastructure.Billing.Stripe;

/// <summary>
/// A Stripe webhook event: its envelope, with <c>data.object</c> (the object the event is about, in the
/// shape of <see cref="ApiVersion"/>) and <c>data.previous_attributes</c> (on *.updated events, the
/// changed fields' old values) kept as JSON for the handler of each type to read.
/// </summary>
public sealed record StripeEvent(
    string Id,
    string Type,
    DateTimeOffset Created,
    bool Livemode,
    string? ApiVersion,
    JsonElement Object,
    JsonElement? PreviousAttributes)
{
    /// <summary>data.object's "object" field: "checkout.session", "subscription", "invoice" …</summary>
    public string? ObjectType => Object.TryGetProperty("object", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;

    /// <summary>data.object's id.</summary>
    public string? ObjectId => Object.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;

    /// <summary>data.object read as one of the Stripe records (e.g. <see cref="StripeSubscription"/>).</summary>
    public T? ObjectAs<T>() => Object.Deserialize<T>(StripeJson.Options);
}

public static class StripeEventParser
{
    public sealed record Result(StripeEvent? Event, string? Error);

    private static readonly long MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    /// <summary>Reads the raw (already verified) body. Not an event: an error for the log, never an exception.</summary>
    public static Result Parse(ReadOnlySpan<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException)
        {
            return new Result(null, "The body is not JSON.");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return new Result(null, "The body is not a JSON object.");
            if (Str(root, "object") is { } kind && kind != "event") return new Result(null, $"The body is a \"{kind}\", not an event.");
            var id = Str(root, "id");
            var type = Str(root, "type");
            if (id is null) return new Result(null, "The event has no id.");
            if (type is null) return new Result(null, "The event has no type.");
            if (!root.TryGetProperty("created", out var created) || created.ValueKind != JsonValueKind.Number
                || !created.TryGetInt64(out var createdSeconds) || createdSeconds < 0 || createdSeconds > MaxUnixSeconds)
                return new Result(null, "The event has no created time.");
            if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object
                || !data.TryGetProperty("object", out var obj) || obj.ValueKind != JsonValueKind.Object)
                return new Result(null, "The event has no data.object.");
            JsonElement? previous = data.TryGetProperty("previous_attributes", out var p) && p.ValueKind == JsonValueKind.Object ? p.Clone() : null;
            var livemode = root.TryGetProperty("livemode", out var live) && live.ValueKind == JsonValueKind.True;
            return new Result(new StripeEvent(id, type, DateTimeOffset.FromUnixTimeSeconds(createdSeconds), livemode, Str(root, "api_version"), obj.Clone(), previous), null);
        }
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString()) ? v.GetString() : null;
}
