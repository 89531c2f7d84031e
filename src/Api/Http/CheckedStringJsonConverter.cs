using System.Text.Json;
using System.Text.Json.Serialization;

namespace VoiceTraining.Api.Http;

/// <summary>A JSON string that <see cref="TextInputRule"/> refuses. Its message is ours, so the 400 may repeat it.</summary>
internal sealed class RefusedTextException(string message) : JsonException(message);

/// <summary>
/// Reads every string in a JSON body (values and dictionary keys) through <see cref="TextInputRule"/>;
/// the parser reports the refusal at the field's path, so the 400 names it (name, rubric[0].label).
/// </summary>
internal sealed class CheckedStringJsonConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        // No message: the parser writes its usual "could not be converted" with the path.
        if (reader.TokenType != JsonTokenType.String) throw new JsonException();
        return Checked(reader.GetString()!);
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Checked(reader.GetString()!);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);

    private static string Checked(string text) =>
        TextInputRule.WhyRefused(text) is { } why ? throw new RefusedTextException(why) : text;
}
