using System.Text.Json;

namespace VoiceTraining.Api.Http;

/// <summary>Names a model-binding error after the field the client sent ("$.rubric[0].kind" → "rubric[0].kind", "Status" → "status").</summary>
internal static class FieldPath
{
    public static string FromModelStateKey(string key)
    {
        var path = key.StartsWith("$.", StringComparison.Ordinal) ? key[2..] : key == "$" ? "" : key;
        return string.Join('.', path.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName));
    }
}
