using Npgsql;

namespace VoiceTraining.Api.Http;

/// <summary>
/// Whether a failure means the database cannot be reached or cannot serve now (a refused or cut
/// connection, a pool that timed out, the server shutting down or out of connections), as opposed
/// to a query that is wrong. Such a request is answered 503 with Retry-After: the caller and the
/// providers that post webhooks retry, and the pool reconnects once the database is back.
/// </summary>
internal static class DatabaseOutage
{
    /// <summary>Seconds a caller is asked to wait; about what a restart or fail-over of PostgreSQL takes.</summary>
    public const int RetryAfterSeconds = 5;

    public const string Detail = "The service is temporarily unavailable. Retry shortly.";

    public static bool Is(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case AggregateException { InnerExceptions.Count: > 0 } all:
                    return all.InnerExceptions.Any(Is);
                // A statement the server refused: only the states that say it cannot serve now.
                case PostgresException postgres:
                    return IsUnavailableState(postgres.SqlState);
                // Npgsql's transient failures: I/O, socket and timeout errors (connecting, reading, a pool wait).
                case NpgsqlException { IsTransient: true }:
                    return true;
                // EF's retrying strategy gave up on transient failures.
                case Microsoft.EntityFrameworkCore.Storage.RetryLimitExceededException:
                    return true;
            }
        }
        return false;
    }

    // 08: connection exception; 53300: too many connections; 57P01-03: shutting down, crashed, starting up.
    private static bool IsUnavailableState(string state) =>
        state.StartsWith("08", StringComparison.Ordinal)
        || state is PostgresErrorCodes.TooManyConnections or PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
            or PostgresErrorCodes.CannotConnectNow;
}
