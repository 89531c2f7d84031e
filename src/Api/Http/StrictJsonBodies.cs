using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace VoiceTraining.Api.Http;

/// <summary>
/// Request bodies are read as the schemas say: a field the operation does not have is refused
/// (additionalProperties: false), and a number must be a JSON number ("12" is not 12). The
/// parser's own messages name .NET types, so the 400 says in its own words what is wrong, keyed
/// by the field's path as sent (rubric[0].colour).
/// </summary>
/// <remarks>
/// Only the API's own operations read bodies through these options. The provider webhooks
/// (src/Api/ProviderWebhooks) take their raw bytes and their adapters parse them, so fields a
/// provider adds to its payloads are still ignored there.
/// </remarks>
internal static class StrictJsonBodies
{
    public const string UnknownFieldMessage = "This field is not part of this request.";
    public const string NumberMessage = "The value must be a JSON number, without quotes.";
    public const string InvalidValueMessage = "The value is not valid.";

    public static void Configure(JsonSerializerOptions options)
    {
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        // Schema property names are case-sensitive: "Name" is not the schema's "name", so it is unknown too.
        options.PropertyNameCaseInsensitive = false;
        // The web defaults read "12" as 12; the schemas say integer, so only 12 is.
        options.NumberHandling = JsonNumberHandling.Strict;
    }

    /// <summary>
    /// The field and message for a body the parser refused at <paramref name="jsonPath"/> ($.rubric[0].weight):
    /// the path is followed through the body's type, so a name the type does not have is an unknown field.
    /// </summary>
    public static (string Field, string Message) Describe(string jsonPath, Type? bodyType, JsonSerializerOptions options)
    {
        var segments = Parse(jsonPath);
        if (segments is null || bodyType is null) return (FieldPath.FromModelStateKey(jsonPath), InvalidValueMessage);

        var type = bodyType;
        var field = new StringBuilder();
        foreach (var segment in segments)
        {
            var info = options.GetTypeInfo(Nullable.GetUnderlyingType(type) ?? type);
            if (segment.Index is { } index)
            {
                field.Append('[').Append(index.ToString(CultureInfo.InvariantCulture)).Append(']');
                if (info.Kind != JsonTypeInfoKind.Enumerable || info.ElementType is null) return (field.ToString(), InvalidValueMessage);
                type = info.ElementType;
                continue;
            }

            if (field.Length > 0) field.Append('.');
            if (info.Kind == JsonTypeInfoKind.Dictionary && info.ElementType is not null)
            {
                field.Append(segment.Name);
                type = info.ElementType;
                continue;
            }
            var comparison = options.PropertyNameCaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            var property = info.Kind == JsonTypeInfoKind.Object ? info.Properties.FirstOrDefault(p => string.Equals(p.Name, segment.Name, comparison)) : null;
            if (property is null)
            {
                field.Append(segment.Name);
                return (field.ToString(), info.Kind == JsonTypeInfoKind.Object ? UnknownFieldMessage : InvalidValueMessage);
            }
            field.Append(property.Name);
            type = property.PropertyType;
        }
        return (field.ToString(), IsNumber(type) ? NumberMessage : InvalidValueMessage);
    }

    private static bool IsNumber(Type type) =>
        Type.GetTypeCode(Nullable.GetUnderlyingType(type) ?? type) is TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16
            or TypeCode.Int32 or TypeCode.UInt32 or TypeCode.Int64 or TypeCode.UInt64 or TypeCode.Single or TypeCode.Double or TypeCode.Decimal
        && !(Nullable.GetUnderlyingType(type) ?? type).IsEnum;

    private readonly record struct Segment(string? Name, int? Index);

    /// <summary>The parser's path: "$", then ".name", "['odd name']" and "[0]" segments; null when it is not one.</summary>
    private static List<Segment>? Parse(string path)
    {
        if (!path.StartsWith('$')) return null;
        var segments = new List<Segment>();
        var i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                if (end < 0) end = path.Length;
                segments.Add(new Segment(path[(i + 1)..end], null));
                i = end;
            }
            else if (path.AsSpan(i).StartsWith("['", StringComparison.Ordinal))
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                if (end < 0) return null;
                segments.Add(new Segment(path[(i + 2)..end], null));
                i = end + 2;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i + 1);
                if (end < 0 || !int.TryParse(path.AsSpan(i + 1, end - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index)) return null;
                segments.Add(new Segment(null, index));
                i = end + 1;
            }
            else return null;
        }
        return segments;
    }
}
