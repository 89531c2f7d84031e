using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using VoiceTraining.Api.Authentication;
using VoiceTraining.Api.Http;
using VoiceTraining.Api.OpenApi;
using VoiceTraining.Api.Spa;
using VoiceTraining.Application;
using VoiceTraining.Application.Calls;
using VoiceTraining.Application.Calls.Commands.RecordCallEvent;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.ProviderWebhooks;
using VoiceTraining.Infrastructure;
using VoiceTraining.Infrastructure.Configuration;
using VoiceTraining.Infrastructure.Data;
using VoiceTraining.Infrastructure.Email;
using VoiceTraining.Infrastructure.Vapi;

// `--export-openapi <file>` writes the OpenAPI document and exits without touching a database.
var exportIndex = Array.IndexOf(args, "--export-openapi");
var exportPath = exportIndex >= 0 && exportIndex + 1 < args.Length ? args[exportIndex + 1] : null;

var builder = WebApplication.CreateBuilder(args);
if (exportPath is not null) builder.Configuration["DATABASE_URL"] = "Host=localhost;Database=unused";

builder.Services.AddVoiceTrainingApi(builder.Configuration, builder.Environment);
var app = builder.Build();

if (exportPath is not null)
{
    await File.WriteAllTextAsync(exportPath, await OpenApiSetup.ToYamlAsync(app.Services));
    Console.WriteLine($"Wrote {exportPath}");
    return;
}

app.UseVoiceTrainingApi();

var localMode = app.Services.GetRequiredService<LocalMode>();
if (app.Configuration.GetValue("Database:MigrateOnStartup", app.Environment.IsDevelopment()))
    await DatabaseInitializer.InitializeAsync(app.Services, seedDemo: app.Configuration.GetValue("Database:SeedDemo", app.Environment.IsDevelopment()));
if (localMode.Enabled)
    StartupLog.LocalMode(app.Logger);
if (app.Services.GetRequiredService<LocalVoiceMode>().Enabled)
    StartupLog.LocalVoiceMode(app.Logger);
var voicePipeline = app.Services.GetRequiredService<VoiceTraining.Application.Voice.Providers.VoicePipelineMode>();
if (voicePipeline.Local)
    StartupLog.LocalVoiceProviders(app.Logger);
else if (voicePipeline.Off)
    StartupLog.VoiceProvidersOff(app.Logger);
else
    StartupLog.VoiceProviders(app.Logger, voicePipeline.Description);
var localEmail = app.Services.GetRequiredService<LocalEmailMode>();
if (localEmail.MailboxEnabled)
    StartupLog.LocalEmailMode(app.Logger);
else if (localEmail.NoProvider)
    StartupLog.NoEmailProvider(app.Logger);
else
{
    var emailProvider = app.Services.GetRequiredService<EmailSettings>().Describe();
    StartupLog.EmailProvider(app.Logger, emailProvider);
}

await app.RunAsync();

/// <summary>The API host. Public so tests can start it with WebApplicationFactory.</summary>
public partial class Program;

internal static partial class StartupLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "LOCAL MODE: no Clerk issuer is configured. Sign in through POST /api/dev/token with the email of a seeded member, e.g. admin@acme.test.")]
    public static partial void LocalMode(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LOCAL MODE (voice): no Vapi keys are configured. Practice calls are simulated through POST /api/dev/simulate-call.")]
    public static partial void LocalVoiceMode(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LOCAL MODE (voice providers): no OPENAI_API_KEY, OPENROUTER_API_KEY or ELEVENLABS_API_KEY (or VoiceProviders:Mode=local). Voice sessions run on local stand-ins: a placeholder transcription, a scripted buyer and a tone for speech, all labelled.")]
    public static partial void LocalVoiceProviders(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Voice providers: off (VoiceProviders:Mode=off). Voice session turns answer that no provider is available.")]
    public static partial void VoiceProvidersOff(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Voice providers: {Chains}")]
    public static partial void VoiceProviders(ILogger logger, string chains);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Email: local mode. No RESEND_API_KEY or MAILGUN_API_KEY is configured: emails are recorded, not sent; read them at GET /api/dev/mailbox.")]
    public static partial void LocalEmailMode(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Email: local mode (Email:Provider=local). Emails are recorded in the outbox (email_messages), NOT sent; /readyz reports Degraded.")]
    public static partial void NoEmailProvider(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Email: {Provider}")]
    public static partial void EmailProvider(ILogger logger, string provider);
}

internal static class ApiComposition
{
    /// <summary>Most JSON bodies are small; provider webhooks that need more set their own limit.</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    /// <summary>Identity has no section: the contract's CLERK_* and SUPABASE_* names only.</summary>
    internal static SettingsBinding<IdentitySettings> IdentityBinding { get; } = new(section: null, new IdentitySettingsValidator(), IdentitySettings.ReadEnvironment);

    internal static SettingsBinding<RateLimitSettings> RateLimitingBinding { get; } = new("RateLimiting", new RateLimitSettingsValidator());

    public static IServiceCollection AddVoiceTrainingApi(this IServiceCollection services, IConfiguration configuration, IWebHostEnvironment environment)
    {
        services.AddApplication(configuration["AutoMapper:LicenseKey"] ?? configuration["AUTOMAPPER_LICENSE_KEY"]);
        services.AddInfrastructure(configuration, environment);

        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentUser, CurrentUser>();

        // Identity: Clerk and/or Supabase when configured, the local issuer in local mode; API keys always.
        services.AddValidatedSettings(configuration, IdentityBinding);
        // Local mode and the issuers' JwtBearer schemes are decided while services are registered, so
        // the settings are read (and validated) once here as well; the registered options hold the same values.
        var identity = IdentityBinding.Read(configuration);
        var localMode = new LocalMode(environment.IsDevelopment() && !identity.AnyProviderConfigured);
        services.AddSingleton(localMode);
        services.AddPlatformAuthentication(identity, localMode);
        services.AddHttpClient(VoiceTraining.Api.Simulation.DevCallsController.SelfClient, c => c.Timeout = TimeSpan.FromSeconds(30));
        // Voice: Vapi when configured, simulated calls in local mode.
        services.AddSingleton(sp => new LocalVoiceMode(environment.IsDevelopment() && !sp.GetRequiredService<VapiSettings>().IsConfigured));
        services.AddSingleton(sp =>
        {
            var vapi = sp.GetRequiredService<VapiSettings>();
            return new VapiWebhookAuthenticator(vapi.WebhookSecret ?? sp.GetRequiredService<LocalVoiceMode>().WebhookSecret, vapi.WebhookHmacSecret,
                sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<IInboundWebhook<RecordCallEventCommand, CallEventOutcome>, VapiInboundWebhook>();
        // Email: a provider when configured, recorded emails (and in Development a mailbox) otherwise.
        services.AddSingleton(sp => new LocalEmailMode(sp.GetRequiredService<EmailSettings>().IsLocal, environment.IsDevelopment()));

        services.AddAuthorization(Policies.Add);
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemDetailsAuthorizationResultHandler>();

        // Errors: RFC 9457 everywhere.
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Type ??= Problems.TypeFor(c.ProblemDetails.Status ?? 500);
            if (c.ProblemDetails.Status == StatusCodes.Status500InternalServerError) c.ProblemDetails.Detail ??= "An unexpected error occurred.";
            if (c.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType) c.ProblemDetails.Detail ??= Utf8JsonBodies.UnsupportedDetail;
            c.ProblemDetails.Instance ??= c.HttpContext.Request.Path;
            c.ProblemDetails.Extensions["traceId"] = c.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<ExceptionToProblemDetailsHandler>();

        services.AddControllers(o =>
            {
                o.ModelBinderProviders.Insert(0, new SnakeCaseEnumModelBinderProvider());
                o.ModelBinderProviders.Insert(1, new CheckedStringModelBinderProvider());
                var nullElements = new NullListElementValidatorProvider();
                o.ModelValidatorProviders.Add(nullElements);
                o.ModelMetadataDetailsProviders.Add(nullElements);
                o.Filters.Add(new ProblemDetailsContentTypeFilter());
                // A body that fails to parse reports its own field errors; no extra "field is required".
                o.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
            })
            .AddJsonOptions(o =>
            {
                ConfigureJson(o.JsonSerializerOptions);
                o.JsonSerializerOptions.Converters.Add(new CheckedStringJsonConverter());
                StrictJsonBodies.Configure(o.JsonSerializerOptions);
                // Parser messages name internal types; the field path in the key is what the client needs.
                o.AllowInputFormatterExceptionMessages = false;
            });
        services.PostConfigure<MvcOptions>(Utf8JsonBodies.OnlyUtf8);
        // Last of the problem writers: the framework's write only for an Accept that takes JSON.
        services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>();
        services.ConfigureHttpJsonOptions(o => ConfigureJson(o.SerializerOptions));
        services.Configure<ApiBehaviorOptions>(o => o.InvalidModelStateResponseFactory = context =>
        {
            var bodyType = context.ActionDescriptor.Parameters
                .FirstOrDefault(p => p.BindingInfo?.BindingSource == Microsoft.AspNetCore.Mvc.ModelBinding.BindingSource.Body)?.ParameterType;
            var json = context.HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Mvc.JsonOptions>>().Value.JsonSerializerOptions;
            var errors = new Dictionary<string, string[]>();
            foreach (var (key, entry) in context.ModelState.Where(e => e.Value?.Errors.Count > 0))
            {
                foreach (var error in entry!.Errors)
                {
                    // A body the parser refused: the field is named as sent, the message is ours.
                    var (field, message) = error.Exception switch
                    {
                        RefusedTextException refused => (FieldPath.FromModelStateKey(key), refused.Message),
                        JsonException => StrictJsonBodies.Describe(key, bodyType, json),
                        _ => (FieldPath.FromModelStateKey(key), string.IsNullOrEmpty(error.ErrorMessage) ? StrictJsonBodies.InvalidValueMessage : error.ErrorMessage),
                    };
                    errors[field] = errors.TryGetValue(field, out var earlier) ? [.. earlier, message] : [message];
                }
            }
            var problem = new ValidationProblemDetails(errors)
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "One or more validation errors occurred.",
                Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
                Instance = context.HttpContext.Request.Path,
            };
            problem.Extensions["traceId"] = context.HttpContext.TraceIdentifier;
            return new BadRequestObjectResult(problem) { ContentTypes = { "application/problem+json" } };
        });
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o =>
        {
            o.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            RequestHeadGuard.ConfigureKestrel(o);
        });

        services.AddValidatedSettings(configuration, RateLimitingBinding);
        services.AddApiRateLimiting();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        services.AddOpenApiDocument();
        services.AddSecurityHeaders(environment);
        return services;
    }

    /// <summary>
    /// The overall status as plain text ("Healthy" alone when all is well, as probes expect), then a
    /// line per check that is not healthy saying why, e.g. that email is in local mode.
    /// </summary>
    private static Task WriteReadiness(HttpContext context, HealthReport report)
    {
        var text = new System.Text.StringBuilder(report.Status.ToString());
        foreach (var (name, entry) in report.Entries)
            if (entry.Status != HealthStatus.Healthy && entry.Description is { } description)
                text.Append('\n').Append(name).Append(": ").Append(description);
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text.ToString());
    }

    public static void ConfigureJson(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
    }

    public static WebApplication UseVoiceTrainingApi(this WebApplication app)
    {
        // First, so that every answer has them: error pages, Swagger and the web app's files included.
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestHeadGuard>();
        app.UseSwagger(o => o.RouteTemplate = "swagger/{documentName}/swagger.{extension:regex(^(json|ya?ml)$)}");
        app.UseSwaggerUI(o => o.SwaggerEndpoint($"/swagger/{OpenApiSetup.DocumentName}/swagger.json", "Voice AI Training API"));
        app.UseSpa();
        app.UseAuthentication();
        app.UseApiRateLimiting();
        app.UseMiddleware<ApiKeyScopeMiddleware>();
        app.UseAuthorization();

        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous().DisableRateLimiting();
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteReadiness })
            .AllowAnonymous().DisableRateLimiting();
        app.MapControllers();
        return app;
    }
}
