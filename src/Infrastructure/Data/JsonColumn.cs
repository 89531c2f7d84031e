using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace VoiceTraining.Infrastructure.Data;

/// <summary>Maps a value object (rubric, transcript, KPIs) to one jsonb column.</summary>
internal static class JsonColumn
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static PropertyBuilder<T> HasJsonConversion<T>(this PropertyBuilder<T> property) where T : class, new() =>
        property.HasColumnType("jsonb").HasConversion(
            v => JsonSerializer.Serialize(v, Options),
            v => JsonSerializer.Deserialize<T>(v, Options) ?? new T(),
            new ContentComparer<T>());

    /// <summary>
    /// A jsonb value the domain only ever replaces whole (an attempt's transcript, KPIs and criterion
    /// scores: private setters, init-only members), so a new reference is the only change there is.
    /// The change tracker then neither copies nor compares the JSON (a 200-turn transcript on every
    /// save), which with the DetectChanges of the lookups was a third of the CPU of a Vapi
    /// end-of-call report (docs/benchmarks.md).
    /// </summary>
    public static PropertyBuilder<T> HasReplacedJsonConversion<T>(this PropertyBuilder<T> property) where T : class, new() =>
        property.HasColumnType("jsonb").HasConversion(
            v => JsonSerializer.Serialize(v, Options),
            v => JsonSerializer.Deserialize<T>(v, Options) ?? new T(),
            new ValueComparer<T>((a, b) => ReferenceEquals(a, b), v => RuntimeHelpers.GetHashCode(v), v => v));

    /// <summary>
    /// Compares by content, so in-place edits of a list are saved. A snapshot keeps the JSON it was
    /// made from: each change check then serializes only the current value, where it used to
    /// serialize both sides (a check runs on every SaveChanges, for every tracked row).
    /// </summary>
    private sealed class ContentComparer<T>() : ValueComparer<T>(
        (a, b) => ContentEquals(a, b),
        v => ContentHash(v),
        v => SnapshotOf(v)) where T : class
    {
        // Keyed by the snapshot instance, which only the change tracker holds and never edits.
        private static readonly ConditionalWeakTable<object, byte[]> SnapshotJson = new();

        private static byte[] Json(T value) =>
            SnapshotJson.TryGetValue(value, out var json) ? json : JsonSerializer.SerializeToUtf8Bytes(value, Options);

        private static bool ContentEquals(T? a, T? b) =>
            ReferenceEquals(a, b) || (a is not null && b is not null && Json(a).AsSpan().SequenceEqual(Json(b)));

        private static int ContentHash(T value)
        {
            var hash = new HashCode();
            hash.AddBytes(Json(value));
            return hash.ToHashCode();
        }

        private static T SnapshotOf(T value)
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(value, Options);
            var copy = JsonSerializer.Deserialize<T>(json, Options)!;
            SnapshotJson.AddOrUpdate(copy, json);
            return copy;
        }
    }
}
