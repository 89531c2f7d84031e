using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Domain.Common;

namespace VoiceTraining.Api.Http;

/// <summary>
/// The one place exceptions become HTTP answers, in every environment: validation → 400 with
/// field errors, not found → 404, conflicts (also a concurrent change or delete) → 409, broken domain rules → 422, oversized or
/// malformed requests and text the database cannot store → 4xx, the database unreachable → 503
/// with Retry-After, anything else → 500 without internals.
/// </summary>
internal sealed partial class ExceptionToProblemDetailsHandler(IProblemDetailsService problems, ILogger<ExceptionToProblemDetailsHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            ValidationException v => new ValidationProblemDetails(v.Errors)
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "One or more validation errors occurred.",
            },
            NotFoundException nf => Problem(StatusCodes.Status404NotFound, nf.Message),
            ConflictException c => Problem(StatusCodes.Status409Conflict, c.Message),
            ForbiddenException f => Problem(StatusCodes.Status403Forbidden, f.Message),
            PlanLimitException limit => PlanLimit(limit),
            PaymentRequiredException payment => WithCode(Problem(StatusCodes.Status402PaymentRequired, payment.Message), payment.Code),
            UpstreamFailureException upstream => Problem(StatusCodes.Status502BadGateway, upstream.Message),
            NotConfiguredException notConfigured => Problem(StatusCodes.Status503ServiceUnavailable, notConfigured.Message),
            DomainException d => Problem(StatusCodes.Status422UnprocessableEntity, d.Message),
            Microsoft.EntityFrameworkCore.DbUpdateException { InnerException: Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation } } =>
                Problem(StatusCodes.Status409Conflict, "This conflicts with an existing record (it was probably just created by another request)."),
            Microsoft.EntityFrameworkCore.DbUpdateException { InnerException: Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.ForeignKeyViolation } } =>
                Problem(StatusCodes.Status409Conflict, "Something this refers to was deleted by another request at the same time: reload it and try again."),
            Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException =>
                Problem(StatusCodes.Status409Conflict, "This was changed or deleted by another request at the same time: reload it and try again."),
            BadHttpRequestException b => Problem(b.StatusCode, b.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? "The request body is too large." : "The request could not be read."),
            OperationCanceledException when context.RequestAborted.IsCancellationRequested => null,
            _ when DatabaseOutage.Is(exception) => DatabaseUnavailable(context, exception),
            _ when UnstorableText.Is(exception) => Unstorable(context, exception),
            _ => null,
        };

        if (problem is null)
        {
            if (context.RequestAborted.IsCancellationRequested) return true;
            LogUnhandled(logger, exception, context.Request.Method, context.Request.Path);
            problem = Problem(StatusCodes.Status500InternalServerError, "An unexpected error occurred. It has been logged.");
        }

        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>A plan limit: 403 with the limit's name and numbers, so the web app can offer the upgrade.</summary>
    private static ProblemDetails PlanLimit(PlanLimitException limit)
    {
        var problem = Problem(StatusCodes.Status403Forbidden, limit.Message);
        problem.Type = "urn:problem-type:plan-limit";
        problem.Title = "Plan limit reached";
        problem.Extensions["limit"] = limit.Limit;
        if (limit.Allowed is not null) problem.Extensions["allowed"] = limit.Allowed;
        if (limit.Used is not null) problem.Extensions["used"] = limit.Used;
        if (limit.Plan is not null) problem.Extensions["plan"] = limit.Plan;
        return problem;
    }

    /// <summary>The database cannot serve now: 503 and when to retry; what failed (hosts, ports) goes to the log only.</summary>
    private ProblemDetails DatabaseUnavailable(HttpContext context, Exception exception)
    {
        LogDatabaseUnavailable(logger, exception, context.Request.Method, context.Request.Path);
        // Idle pooled connections were cut too but are only found broken when next used: without
        // this, each would fail one more request after the database is back.
        Npgsql.NpgsqlConnection.ClearAllPools();
        context.Response.Headers.RetryAfter = DatabaseOutage.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Problem(StatusCodes.Status503ServiceUnavailable, DatabaseOutage.Detail);
    }

    /// <summary>Text the database refused: the sender's error; which statement and column goes to the log.</summary>
    private ProblemDetails Unstorable(HttpContext context, Exception exception)
    {
        LogUnstorable(logger, exception, context.Request.Method, context.Request.Path);
        return Problem(StatusCodes.Status400BadRequest, UnstorableText.Detail);
    }

    private static ProblemDetails WithCode(ProblemDetails problem, string? code)
    {
        if (code is not null) problem.Extensions["code"] = code;
        return problem;
    }

    private static ProblemDetails Problem(int status, string detail) => new()
    {
        Status = status,
        Title = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status),
        Detail = detail,
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "The database is unavailable on {Method} {Path}")]
    private static partial void LogDatabaseUnavailable(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Text the database cannot store on {Method} {Path}")]
    private static partial void LogUnstorable(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
