// DotNetCore.CAP 10.0.2 with DotNetCore.CAP.PostgreSql: an outbox that needs a message transport
// (RabbitMQ, Kafka, …). Only its storage is configured here, to show whether it runs without one.
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JobLibraries;

public sealed class CapLibrary(Options o) : IJobLibrary
{
    private IHost? _host;

    public async Task SetupAsync(bool createSchema)
    {
        var errors = new ErrorCapture();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(errors);
        builder.Services.AddCap(x => x.UsePostgreSql(o.Database));
        string? error = null;
        try
        {
            _host = builder.Build();
            await _host.StartAsync();
            await Task.Delay(TimeSpan.FromSeconds(5)); // CAP's bootstrapper runs as a background service
            if (_host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested)
                error = errors.First ?? "the host stopped";
        }
        catch (Exception ex)
        {
            error = $"{ex.GetType().Name}: {ex.Message}";
        }
        Console.WriteLine($"RESULT lib=cap mode={o.Mode} runs_without_transport={(error is null ? "yes" : "no")} error=\"{(error ?? "").Split('\n')[0].Trim()}\"");
        Environment.Exit(error is null ? 0 : 3);
    }

    public Task EnqueueAsync(IReadOnlyList<(Guid Id, string Endpoint)> jobs) => throw new NotSupportedException();
    public Task StartProcessingAsync() => Task.CompletedTask;
    public Task PauseProcessingAsync() => Task.CompletedTask;
    public Task<long> PendingAsync() => Task.FromResult(0L);
    public string Describe() => "storage=PostgreSql transport=none";

    public async ValueTask DisposeAsync()
    {
        if (_host is not null) await _host.StopAsync();
    }

    /// <summary>Keeps the first exception logged (CAP reports a missing transport from a background service).</summary>
    private sealed class ErrorCapture : ILoggerProvider, ILogger
    {
        public string? First;
        public ILogger CreateLogger(string categoryName) => this;
        public void Dispose() { }
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (exception is not null) First ??= $"{exception.GetType().Name}: {exception.Message}";
        }
    }
}
