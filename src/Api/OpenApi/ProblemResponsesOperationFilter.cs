using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace VoiceTraining.Api.OpenApi;

/// <summary>
/// Documents the problem responses every operation can give (400 for bad input, 401/403 when it
/// needs a member, 413 for oversized bodies, 415 for a body that is not UTF-8 JSON, 503 with
/// Retry-After while the database is unavailable, 500) and marks secured operations with the bearer scheme.
/// </summary>
internal sealed class ProblemResponsesOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        operation.Responses ??= new OpenApiResponses();
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        var anonymous = metadata.OfType<IAllowAnonymous>().Any();

        var takesInput = context.ApiDescription.ParameterDescriptions.Any(p => p.Source.Id is "Body" or "Query");
        if (takesInput) Add(operation, context, "400", "The request is malformed or a field is invalid.", typeof(ValidationProblemDetails));
        // A form (a voice turn's audio) can be too large as well; it is not JSON, so no 415.
        if (context.ApiDescription.ParameterDescriptions.Any(p => p.Source.Id is "Form" or "FormFile"))
            Add(operation, context, "413", "The request body is too large.", typeof(ProblemDetails));
        if (context.ApiDescription.ParameterDescriptions.Any(p => p.Source.Id == "Body"))
        {
            Add(operation, context, "413", "The request body is too large.", typeof(ProblemDetails));
            Add(operation, context, "415", "The body is not JSON sent as application/json; charset=utf-8.", typeof(ProblemDetails));
        }
        if (!anonymous)
        {
            Add(operation, context, "401", "No valid bearer token.", typeof(ProblemDetails));
            Add(operation, context, "403", "The caller has no organization, or their role does not allow this.", typeof(ProblemDetails));
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", context.Document)] = [] });
        }
        // Members are resolved in the database on every request, so any member's operation can meet an outage.
        if (!anonymous) Add(operation, context, "503", "The database is unavailable for now; retry after the Retry-After header's seconds.", typeof(ProblemDetails));
        Add(operation, context, "500", "An unexpected error; no internals are disclosed.", typeof(ProblemDetails));
    }

    private static void Add(OpenApiOperation operation, OperationFilterContext context, string status, string description, Type type)
    {
        if (operation.Responses!.ContainsKey(status)) return;
        var schema = context.SchemaGenerator.GenerateSchema(type, context.SchemaRepository);
        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = schema } },
        };
    }
}
