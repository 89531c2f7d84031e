using System.Reflection;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.Swagger;

namespace VoiceTraining.Api.OpenApi;

internal static class OpenApiSetup
{
    public const string DocumentName = "v1";

    public static IServiceCollection AddOpenApiDocument(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc(DocumentName, new OpenApiInfo
            {
                Title = "Voice AI Training API",
                Version = "1.0",
                Description = "Sales teams practise calls against AI buyers: scenarios, tracks, assignments, attempts. "
                    + "Errors are RFC 9457 problem details. Lists are paged with page/pageSize and return totalCount.",
            });
            options.AddSecurityDefinition("bearer", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A Clerk session token (or, in local mode, a token from POST /api/dev/token).",
            });
            options.OperationFilter<ProblemResponsesOperationFilter>();
            options.OperationFilter<CamelCaseQueryParametersFilter>();
            options.SupportNonNullableReferenceTypes();
            options.UseAllOfToExtendReferenceSchemas();
            options.NonNullableReferenceTypesAsRequired();
            options.CustomSchemaIds(SchemaId);
            foreach (var assembly in new[] { typeof(Program).Assembly, typeof(Application.DependencyInjection).Assembly, typeof(Domain.Common.Entity).Assembly })
            {
                var xml = Path.Combine(AppContext.BaseDirectory, $"{assembly.GetName().Name}.xml");
                if (File.Exists(xml)) options.IncludeXmlComments(xml);
            }
        });
        return services;
    }

    /// <summary>Readable, unique schema names: PagedResult&lt;ScenarioDto&gt; becomes ScenarioDtoPagedResult.</summary>
    private static string SchemaId(Type type) =>
        type.IsGenericType
            ? string.Concat(type.GetGenericArguments().Select(SchemaId)) + type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]
            : type.Name;

    /// <summary>The document as YAML, exactly as /swagger/v1/swagger.yaml serves it.</summary>
    public static async Task<string> ToYamlAsync(IServiceProvider services)
    {
        var provider = services.GetRequiredService<ISwaggerProvider>();
        var document = provider.GetSwagger(DocumentName);
        return await document.SerializeAsYamlAsync(OpenApiSpecVersion.OpenApi3_0);
    }

    internal static Assembly ApiAssembly => typeof(Program).Assembly;
}
