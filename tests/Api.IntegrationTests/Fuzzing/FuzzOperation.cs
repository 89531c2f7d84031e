using Microsoft.OpenApi;

namespace VoiceTraining.Api.IntegrationTests.Fuzzing;

/// <summary>One operation of the API's document, with what the generator needs to build requests for it.</summary>
public sealed record FuzzOperation(
    string Method,
    string Template,
    IReadOnlyList<FuzzParameter> PathParameters,
    IReadOnlyList<FuzzParameter> QueryParameters,
    IOpenApiSchema? BodySchema,
    IReadOnlyList<string> BodyMediaTypes,
    bool BodyRequired,
    bool IsProviderWebhook)
{
    public override string ToString() => $"{Method} {Template}";
}

public sealed record FuzzParameter(string Name, IOpenApiSchema? Schema, bool Required);

/// <summary>
/// Reads the operations from the OpenAPI document the running API serves (/swagger/v1/swagger.json),
/// with Microsoft.OpenApi resolving references: the same document openapi.yaml is checked against, so
/// a new endpoint is fuzzed as soon as it is routed.
/// </summary>
public static class OpenApiOperations
{
    /// <summary>The tag of the inbound provider webhooks (the signature is their credential).</summary>
    public const string ProviderWebhooksTag = "Provider webhooks";

    public static async Task<IReadOnlyList<FuzzOperation>> ReadAsync(HttpClient client, CancellationToken cancellationToken = default)
    {
        var json = await client.GetStringAsync("/swagger/v1/swagger.json", cancellationToken);
        var result = OpenApiDocument.Parse(json, OpenApiConstants.Json);
        var document = result.Document ?? throw new InvalidOperationException(
            "The served OpenAPI document could not be read: " + string.Join("; ", result.Diagnostic?.Errors.Select(e => e.Message) ?? []));
        return FromDocument(document);
    }

    public static IReadOnlyList<FuzzOperation> FromDocument(OpenApiDocument document)
    {
        var operations = new List<FuzzOperation>();
        foreach (var (template, path) in document.Paths.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!template.StartsWith("/api/", StringComparison.Ordinal) || path.Operations is null) continue;
            foreach (var (method, operation) in path.Operations.OrderBy(o => o.Key.Method, StringComparer.Ordinal))
            {
                var parameters = (path.Parameters ?? []).Concat(operation.Parameters ?? []).ToList();
                var body = operation.RequestBody;
                var mediaTypes = body?.Content?.Keys.ToList() ?? [];
                var bodySchema = body?.Content?.Values.Select(c => c.Schema).FirstOrDefault(s => s is not null);
                operations.Add(new FuzzOperation(
                    method.Method.ToUpperInvariant(),
                    template,
                    [.. Parameters(parameters, ParameterLocation.Path)],
                    [.. Parameters(parameters, ParameterLocation.Query)],
                    bodySchema,
                    mediaTypes,
                    body?.Required ?? false,
                    operation.Tags?.Any(t => t.Name == ProviderWebhooksTag) ?? false));
            }
        }
        return operations;
    }

    private static IEnumerable<FuzzParameter> Parameters(IEnumerable<IOpenApiParameter> parameters, ParameterLocation location) =>
        parameters.Where(p => p.In == location && p.Name is not null).Select(p => new FuzzParameter(p.Name!, p.Schema, p.Required));
}
