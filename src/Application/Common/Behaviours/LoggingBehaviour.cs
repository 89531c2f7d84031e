using System.Diagnostics;
using MediatR;
using Microsoft.Extensions.Logging;

namespace VoiceTraining.Application.Common.Behaviours;

/// <summary>Logs each use case with its duration; slow ones as warnings.</summary>
public sealed partial class LoggingBehaviour<TRequest, TResponse>(ILogger<LoggingBehaviour<TRequest, TResponse>> logger)
    : IPipelineBehavior<TRequest, TResponse>
{
    private static readonly TimeSpan Slow = TimeSpan.FromMilliseconds(500);

    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var started = Stopwatch.GetTimestamp();
        var name = typeof(TRequest).Name;
        try
        {
            var response = await next();
            var elapsed = Stopwatch.GetElapsedTime(started);
            var elapsedMs = elapsed.TotalMilliseconds;
            if (elapsed > Slow) LogSlow(logger, name, elapsedMs);
            else LogHandled(logger, name, elapsedMs);
            return response;
        }
        catch (Exception ex)
        {
            var failedAfterMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var exceptionName = ex.GetType().Name;
            LogFailed(logger, name, failedAfterMs, exceptionName);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Request} handled in {ElapsedMs:0.0} ms")]
    private static partial void LogHandled(ILogger logger, string request, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Request} was slow: {ElapsedMs:0.0} ms")]
    private static partial void LogSlow(ILogger logger, string request, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Request} failed after {ElapsedMs:0.0} ms with {Exception}")]
    private static partial void LogFailed(ILogger logger, string request, double elapsedMs, string exception);
}
