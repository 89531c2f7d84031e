using System.Net;
using System.Text.Json;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace VoiceTraining.Api.IntegrationTests.OpenApi;

public sealed class OpenApiDocumentTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private static readonly string[] Methods = ["get", "put", "post", "patch", "delete"];

    [Fact]
    public async Task The_served_document_matches_the_checked_in_openapi_yaml()
    {
        var path = Path.Combine(ApiOperations.RepositoryRoot(), "openapi.yaml");
        File.Exists(path).Should().BeTrue("openapi.yaml is generated into the repository root: run `make openapi`");
        var checkedIn = Normalize(await File.ReadAllTextAsync(path));

        using var response = await fixture.Anonymous().GetAsync("/swagger/v1/swagger.yaml");
        await response.ShouldHaveStatus(HttpStatusCode.OK);
        var served = Normalize(await response.Content.ReadAsStringAsync());

        if (served != checkedIn)
        {
            Assert.Fail("openapi.yaml is out of date with the API: run `make openapi` and commit the result."
                + Environment.NewLine + Difference(checkedIn, served));
        }
    }

    [Fact]
    public async Task Every_operation_has_an_operation_id_and_a_summary()
    {
        var problems = new List<string>();
        var ids = new List<string>();

        foreach (var (method, template, operation) in await OperationsAsync())
        {
            if (!operation.TryGetProperty("operationId", out var id) || string.IsNullOrWhiteSpace(id.GetString()))
                problems.Add($"{method} {template} has no operationId");
            else
                ids.Add(id.GetString()!);
            if (!operation.TryGetProperty("summary", out var summary) || string.IsNullOrWhiteSpace(summary.GetString()))
                problems.Add($"{method} {template} has no summary");
        }

        problems.Should().BeEmpty();
        ids.Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task Secured_operations_document_401_and_403_problems_and_the_bearer_requirement()
    {
        var problems = new List<string>();
        var secured = 0;

        foreach (var (method, template, operation) in await OperationsAsync())
        {
            var responses = operation.GetProperty("responses");
            if (operation.TryGetProperty("requestBody", out _))
            {
                if (!responses.TryGetProperty("400", out _)) problems.Add($"{method} {template} takes a body but documents no 400 response");
                if (!IsProblemResponse(responses, "413")) problems.Add($"{method} {template} takes a body but documents no 413 problem");
            }
            if (!IsSecured(operation)) continue;
            secured++;
            foreach (var status in new[] { "401", "403" })
                if (!IsProblemResponse(responses, status)) problems.Add($"{method} {template} documents no {status} application/problem+json response");
        }

        problems.Should().BeEmpty();
        secured.Should().BeGreaterThan(20);
    }

    [Fact]
    public async Task The_bearer_security_scheme_is_declared()
    {
        var document = await fixture.Anonymous().GetJsonAsync("/swagger/v1/swagger.json");

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        scheme.Str("type").Should().Be("http");
        scheme.Str("scheme").Should().Be("bearer");
        scheme.Str("bearerFormat").Should().Be("JWT");
        document.Str("openapi").Should().StartWith("3.");
    }

    [Fact]
    public async Task The_documented_security_matches_what_the_api_does()
    {
        // Without a token: a secured operation challenges for a bearer token; an open one never does.
        var mismatches = new List<string>();
        var client = fixture.Anonymous();

        foreach (var (method, template, operation) in await OperationsAsync())
        {
            var url = template.Replace("{id}", Guid.NewGuid().ToString(), StringComparison.Ordinal);
            using var request = new HttpRequestMessage(new HttpMethod(method), url);
            if (operation.TryGetProperty("requestBody", out _)) request.Content = ClientHttp.RawJson("{}");

            using var response = await client.SendAsync(request);

            var challenged = response.StatusCode == HttpStatusCode.Unauthorized
                && response.Headers.WwwAuthenticate.Any(h => h.Scheme == "Bearer");
            if (IsSecured(operation) != challenged)
                mismatches.Add($"{method} {template}: documented {(IsSecured(operation) ? "secured" : "anonymous")}, answered {(int)response.StatusCode} without a token");
        }

        mismatches.Should().BeEmpty();
    }

    [Fact]
    public async Task The_json_and_yaml_documents_describe_the_same_operations()
    {
        var json = (await OperationsAsync()).Select(o => $"{o.Method} {o.Template}").ToList();
        using var response = await fixture.Anonymous().GetAsync("/swagger/v1/swagger.yaml");
        var yaml = new YamlStream();
        yaml.Load(new StringReader(await response.Content.ReadAsStringAsync()));

        var fromYaml = OperationsOf(yaml).ToList();

        fromYaml.Should().BeEquivalentTo(json);
        json.Should().Contain(["GET /api/scenarios", "POST /api/assignments", "GET /api/attempts/{id}", "PUT /api/members/{id}/role"]);
    }

    private static bool IsSecured(JsonElement operation) =>
        operation.TryGetProperty("security", out var security)
        && security.EnumerateArray().Any(requirement => requirement.TryGetProperty("bearer", out _));

    private static bool IsProblemResponse(JsonElement responses, string status) =>
        responses.TryGetProperty(status, out var response)
        && response.TryGetProperty("content", out var content)
        && content.TryGetProperty("application/problem+json", out _);

    private async Task<List<(string Method, string Template, JsonElement Operation)>> OperationsAsync()
    {
        var document = await fixture.Anonymous().GetJsonAsync("/swagger/v1/swagger.json");
        var operations = new List<(string, string, JsonElement)>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in Methods)
            {
                if (path.Value.TryGetProperty(method, out var operation))
                    operations.Add((method.ToUpperInvariant(), path.Name, operation));
            }
        }
        operations.Should().HaveCountGreaterThan(30);
        return operations;
    }

    private static IEnumerable<string> OperationsOf(YamlStream yaml)
    {
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var paths = (YamlMappingNode)root.Children[new YamlScalarNode("paths")];
        foreach (var (path, item) in paths.Children)
        {
            foreach (var (method, _) in ((YamlMappingNode)item).Children)
            {
                var name = ((YamlScalarNode)method).Value!;
                if (Methods.Contains(name)) yield return $"{name.ToUpperInvariant()} {((YamlScalarNode)path).Value}";
            }
        }
    }

    /// <summary>The repository root: the folder holding VoiceTraining.slnx, above the test binaries.</summary>
    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    /// <summary>Where the two documents first differ, and which operations one has and the other lacks.</summary>
    private static string Difference(string checkedIn, string served)
    {
        var expected = checkedIn.Split('\n');
        var actual = served.Split('\n');
        var line = 0;
        while (line < expected.Length && line < actual.Length && expected[line] == actual[line]) line++;
        var message = $"First difference at line {line + 1}:{Environment.NewLine}  checked in: {(line < expected.Length ? expected[line] : "(end of file)")}"
            + $"{Environment.NewLine}  served:     {(line < actual.Length ? actual[line] : "(end of file)")}";
        try
        {
            var oldYaml = new YamlStream();
            oldYaml.Load(new StringReader(checkedIn));
            var newYaml = new YamlStream();
            newYaml.Load(new StringReader(served));
            var before = OperationsOf(oldYaml).ToHashSet();
            var after = OperationsOf(newYaml).ToHashSet();
            var added = after.Except(before).ToList();
            var removed = before.Except(after).ToList();
            if (added.Count > 0) message += $"{Environment.NewLine}Operations not in openapi.yaml: {string.Join(", ", added)}";
            if (removed.Count > 0) message += $"{Environment.NewLine}Operations only in openapi.yaml: {string.Join(", ", removed)}";
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            message += $"{Environment.NewLine}(openapi.yaml does not parse: {ex.Message})";
        }
        return message;
    }
}
