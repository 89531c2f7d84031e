using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace VoiceTraining.Api.IntegrationTests.Infrastructure;

/// <summary>One operation of the API's OpenAPI document: method, path template and its definition.</summary>
public sealed record ApiOperation(string Method, string Template, JsonElement Definition)
{
    /// <summary>"METHOD /path/{template}", as the tests' tables name operations.</summary>
    public string Key => $"{Method} {Template}";

    public bool IsSafe => Method is "GET" or "HEAD" or "OPTIONS";

    public IEnumerable<string> PathParameters => Parameters("path").Select(p => p.Str("name"));

    public IEnumerable<JsonElement> QueryParameters => Parameters("query");

    /// <summary>Query parameters the operation cannot do without (e.g. the scenario of a call).</summary>
    public IEnumerable<string> RequiredQueryParameters =>
        QueryParameters.Where(p => p.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.True).Select(p => p.Str("name"));

    public bool RequiresBody =>
        Definition.TryGetProperty("requestBody", out var body)
        && (!body.TryGetProperty("required", out var required) || required.ValueKind == JsonValueKind.True);

    /// <summary>Whether the document says the operation needs credentials (a bearer security requirement).</summary>
    public bool IsSecured =>
        Definition.TryGetProperty("security", out var security)
        && security.EnumerateArray().Any(requirement => requirement.EnumerateObject().Any());

    /// <summary>"/api/members/{id}/role", "id" → "members".</summary>
    public string CollectionBefore(string parameter)
    {
        var segments = Template.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var index = Array.IndexOf(segments, "{" + parameter + "}");
        return index > 0 ? segments[index - 1] : "";
    }

    private IEnumerable<JsonElement> Parameters(string location) =>
        Definition.TryGetProperty("parameters", out var parameters)
            ? parameters.EnumerateArray().Where(p => p.Str("in") == location)
            : [];
}

/// <summary>The operations of an OpenAPI document: the one the API serves, or the checked-in openapi.yaml.</summary>
public static class ApiOperations
{
    private static readonly string[] Methods = ["get", "put", "post", "patch", "delete"];

    /// <summary>The operations under /api/ of a document (as JSON).</summary>
    public static IReadOnlyList<ApiOperation> Of(JsonElement document)
    {
        var operations = new List<ApiOperation>();
        foreach (var path in document.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/api/", StringComparison.Ordinal)))
        {
            foreach (var method in Methods)
            {
                if (path.Value.TryGetProperty(method, out var operation))
                    operations.Add(new ApiOperation(method.ToUpperInvariant(), path.Name, operation));
            }
        }
        return operations;
    }

    /// <summary>The document the API serves (what openapi.yaml is checked against).</summary>
    public static async Task<IReadOnlyList<ApiOperation>> ServedAsync(ApiFixture fixture) =>
        Of(await fixture.Anonymous().GetJsonAsync("/swagger/v1/swagger.json"));

    /// <summary>The checked-in contract, openapi.yaml at the repository root, read as JSON.</summary>
    public static JsonElement CheckedInDocument()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(RepositoryRoot(), "openapi.yaml"))) yaml.Load(reader);
        var json = ToJson(yaml.Documents[0].RootNode)!.ToJsonString();
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "VoiceTraining.slnx"))) return directory.FullName;
        }
        throw new InvalidOperationException($"No VoiceTraining.slnx above {AppContext.BaseDirectory}.");
    }

    /// <summary>YAML as JSON: plain (unquoted) true/false and numbers keep their type, as YAML 1.2's core schema reads them.</summary>
    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } scalar => scalar.Value switch
        {
            "true" => JsonValue.Create(true),
            "false" => JsonValue.Create(false),
            "null" or "~" or "" or null => null,
            var text when decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
            var text => JsonValue.Create(text),
        },
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => throw new NotSupportedException(node.GetType().Name),
    };
}
