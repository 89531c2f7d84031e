using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace VoiceTraining.Api.IntegrationTests.Infrastructure;

/// <summary>
/// Everything every API instance under test logs at Information and above, for the whole test run,
/// written to one file per test process in <see cref="Directory"/>, beside the secrets those
/// instances were configured with. <c>make test</c> points TEST_LOG_DIR at one folder for the run and
/// then scans it (<see cref="Logging.CapturedLogScanTests"/>): a secret or token in a log line fails the run.
/// </summary>
public static class LogArchive
{
    /// <summary>The run's log folder: TEST_LOG_DIR, or a folder of this process's own in the temp directory.</summary>
    public static string Directory { get; } = ResolveDirectory();

    private static readonly string LogPath = Path.Combine(Directory, $"api-{Environment.ProcessId}.log");
    private static readonly string SecretsPath = Path.Combine(Directory, $"secrets-{Environment.ProcessId}.txt");
    private static readonly object Gate = new();
    private static readonly ConcurrentDictionary<string, bool> KnownSecrets = new(StringComparer.Ordinal);
    private static StreamWriter? _log;

    /// <summary>
    /// Remembers a value the product must never log (a configured secret or key). Short values are
    /// ignored: they would match ordinary words.
    /// </summary>
    public static void RegisterSecret(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length < 8 || !KnownSecrets.TryAdd(value, true)) return;
        lock (Gate) File.AppendAllText(SecretsPath, value.ReplaceLineEndings(" ") + "\n", Encoding.UTF8);
    }

    public static void Append(string line)
    {
        lock (Gate)
        {
            _log ??= OpenLog();
            _log.WriteLine(line);
        }
    }

    /// <summary>Writes what is buffered, so a scan in this process sees every line logged so far.</summary>
    public static void Flush()
    {
        lock (Gate) _log?.Flush();
    }

    private static StreamWriter OpenLog()
    {
        var writer = new StreamWriter(new FileStream(LogPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite), new UTF8Encoding(false));
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            Flush();
            // A folder of this process's own was only for scans in this process.
            if (!Configured) TryDelete(Directory);
        };
        return writer;
    }

    private static bool Configured => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("TEST_LOG_DIR"));

    private static void TryDelete(string directory)
    {
        try
        {
            lock (Gate)
            {
                _log?.Dispose();
                _log = null;
                System.IO.Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Temporary files; leaving them is harmless.
        }
    }

    private static string ResolveDirectory()
    {
        var configured = Environment.GetEnvironmentVariable("TEST_LOG_DIR");
        var directory = !Configured
            ? Path.Combine(Path.GetTempPath(), "vt-test-logs", DateTime.UtcNow.ToString("yyMMddHHmmss", CultureInfo.InvariantCulture) + "-" + Environment.ProcessId)
            : Path.GetFullPath(configured!);
        System.IO.Directory.CreateDirectory(directory);
        return directory;
    }
}

/// <summary>
/// Writes every entry at Information and above, with its exception, to the <see cref="LogArchive"/>:
/// what an operator's log collector would keep in production.
/// </summary>
public sealed class ArchivingLoggerProvider : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new ArchivingLogger(categoryName);

    public void Dispose() => LogArchive.Flush();

    private sealed class ArchivingLogger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            // The structured values too: a JSON log sink writes them beside the message.
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join(" ", pairs.Where(p => p.Key != "{OriginalFormat}").Select(p => $"{p.Key}={p.Value}"))
                : "";
            var message = formatter(state, exception);
            LogArchive.Append($"{logLevel} {category}: {message}{(values.Length == 0 ? "" : " {" + values + "}")}{(exception is null ? "" : " | " + exception)}"
                .ReplaceLineEndings(" \\n "));
        }
    }
}
