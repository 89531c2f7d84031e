using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace VoiceTraining.Api.IntegrationTests.Fuzzing;

/// <summary>
/// A plausible value for a schema: the documented enum values, formats, lengths and ranges, and
/// real ids of the attacked organization, so that a request unmutated would mostly be accepted.
/// </summary>
public sealed class SchemaSamples(SeededIds ids)
{
    private const int MaxDepth = 6;

    public JsonNode? Valid(IOpenApiSchema? schema, Random random, string name = "", int depth = 0)
    {
        if (schema is null) return JsonValue.Create("fuzz");
        schema = Effective(schema);
        if (schema.Enum is { Count: > 0 } values) return values[random.Next(values.Count)]?.DeepClone();
        var type = schema.Type ?? (schema.Properties is { Count: > 0 } ? JsonSchemaType.Object : JsonSchemaType.String);
        if (Has(type, JsonSchemaType.Array)) return Array(schema, random, name, depth);
        if (Has(type, JsonSchemaType.Object)) return depth >= MaxDepth ? new JsonObject() : Object(schema, random, depth);
        if (Has(type, JsonSchemaType.Boolean)) return JsonValue.Create(random.Next(2) == 0);
        if (Has(type, JsonSchemaType.Integer)) return JsonValue.Create((long)Number(schema, random, integer: true));
        if (Has(type, JsonSchemaType.Number)) return JsonValue.Create(Number(schema, random, integer: false));
        return JsonValue.Create(Text(schema, random, name));
    }

    /// <summary>A query or path value as text.</summary>
    public string ValidText(IOpenApiSchema? schema, Random random, string name) => Valid(schema, random, name) switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonArray array => string.Join(',', array.Select(e => e?.ToString())),
        var node => node?.ToJsonString() ?? "",
    };

    /// <summary>The schema itself, or what its allOf / oneOf / anyOf wraps (Swashbuckle wraps referenced enums in allOf).</summary>
    public static IOpenApiSchema Effective(IOpenApiSchema schema)
    {
        for (var i = 0; i < 8; i++)
        {
            if (schema.Type is not null || schema.Enum is { Count: > 0 } || schema.Properties is { Count: > 0 }) return schema;
            var inner = schema.AllOf?.FirstOrDefault() ?? schema.OneOf?.FirstOrDefault() ?? schema.AnyOf?.FirstOrDefault();
            if (inner is null) return schema;
            schema = inner;
        }
        return schema;
    }

    public static bool Has(JsonSchemaType? type, JsonSchemaType flag) => type is { } t && (t & flag) == flag;

    private JsonArray Array(IOpenApiSchema schema, Random random, string name, int depth)
    {
        var count = Math.Max(schema.MinItems ?? 0, random.Next(1, 3));
        if (schema.MaxItems is { } max) count = Math.Min(count, max);
        var array = new JsonArray();
        for (var i = 0; i < count; i++) array.Add(Valid(schema.Items, random, name, depth + 1));
        return array;
    }

    private JsonObject Object(IOpenApiSchema schema, Random random, int depth)
    {
        var result = new JsonObject();
        var required = schema.Required ?? new HashSet<string>();
        foreach (var (property, propertySchema) in schema.Properties ?? new Dictionary<string, IOpenApiSchema>())
        {
            if (propertySchema.ReadOnly) continue;
            // Every required property, and most optional ones, so that their validators are reached too.
            if (!required.Contains(property) && random.Next(4) == 0) continue;
            result[property] = Valid(propertySchema, random, property, depth + 1);
        }
        return result;
    }

    private static double Number(IOpenApiSchema schema, Random random, bool integer)
    {
        var min = Parse(schema.Minimum) ?? 0;
        var max = Parse(schema.Maximum) ?? min + 100;
        if (max < min) max = min;
        var value = min + random.NextDouble() * Math.Min(max - min, 1000);
        return integer ? Math.Floor(value) : Math.Round(value, 2);
    }

    private static double? Parse(object? bound) =>
        double.TryParse(Convert.ToString(bound, CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    private string Text(IOpenApiSchema schema, Random random, string name)
    {
        var text = schema.Format switch
        {
            "uuid" => ids.ForField(name, random).ToString(),
            "date-time" => RequestGenerator.Now.AddDays(random.Next(1, 30)).ToString("O", CultureInfo.InvariantCulture),
            "date" => RequestGenerator.Now.UtcDateTime.AddDays(random.Next(1, 30)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "email" => $"fuzz{random.Next(100_000)}@example.test",
            "uri" or "url" => $"https://hooks{random.Next(1000)}.example.test/in",
            _ when name.EndsWith("Url", StringComparison.Ordinal) => $"https://hooks{random.Next(1000)}.example.test/in",
            _ when name.Contains("email", StringComparison.OrdinalIgnoreCase) => $"fuzz{random.Next(100_000)}@example.test",
            _ => $"Fuzz {name} {random.Next(100_000)}",
        };
        if (schema.MaxLength is { } max && text.Length > max) text = text[..Math.Max(max, 0)];
        if (schema.MinLength is { } min && text.Length < min) text = text.PadRight(min, 'x');
        return text;
    }
}
