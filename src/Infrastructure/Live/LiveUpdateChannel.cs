using System.Text;
using System.Text.Json;
using VoiceTraining.Application.Common.Interfaces;

namespace VoiceTraining.Infrastructure.Live;

/// <summary>
/// The NOTIFY channel the instances share, and the payload's form. PostgreSQL limits a payload to
/// 8,000 bytes: an update whose data is larger goes out without it, marked <c>truncated</c>, and the
/// browser fetches what it needs.
/// </summary>
internal static class LiveUpdateChannel
{
    public const string Name = "vt_live";
    private const int MaxPayloadBytes = 7_900;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record Payload(string Type, Guid OrgId, Guid[] MemberIds, JsonElement? Data, bool Truncated = false);

    public static string Serialize(LiveUpdate update)
    {
        var data = JsonSerializer.SerializeToElement(update.Data, Json);
        var json = JsonSerializer.Serialize(new Payload(update.Type, update.OrgId, [.. update.MemberIds], data), Json);
        if (Encoding.UTF8.GetByteCount(json) <= MaxPayloadBytes) return json;
        return JsonSerializer.Serialize(new Payload(update.Type, update.OrgId, [.. update.MemberIds], null, Truncated: true), Json);
    }

    /// <summary>The update a payload carries, or null for one this version cannot read.</summary>
    public static LiveUpdate? Deserialize(string payload)
    {
        try
        {
            var p = JsonSerializer.Deserialize<Payload>(payload, Json);
            if (p is null || string.IsNullOrEmpty(p.Type)) return null;
            object data = p.Truncated ? new { truncated = true } : p.Data ?? (object)new { };
            return new LiveUpdate(p.Type, p.OrgId, p.MemberIds ?? [], data);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
