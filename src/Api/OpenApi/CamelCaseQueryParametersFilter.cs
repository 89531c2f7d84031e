using System.Text.Json;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace VoiceTraining.Api.OpenApi;

/// <summary>
/// Query parameters bound from a query object are named after its C# properties; clients write
/// them in camelCase like the JSON (binding is case-insensitive, so both work).
/// </summary>
internal sealed class CamelCaseQueryParametersFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        foreach (var parameter in operation.Parameters ?? [])
        {
            if (parameter is OpenApiParameter { In: ParameterLocation.Query } concrete && concrete.Name is { } name)
                concrete.Name = JsonNamingPolicy.CamelCase.ConvertName(name);
        }
    }
}
