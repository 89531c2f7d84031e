using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace VoiceTraining.Api.IntegrationTests.Infrastructure;

/// <summary>
/// The API under test, on Kestrel (real HTTP on 127.0.0.1, a free port) with configuration given
/// the way the app reads it: as host settings, visible before the app builds its services.
/// </summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    /// <summary>Shared secret for the voice provider's webhooks in test factories.</summary>
    public const string WebhookSecret = "test-webhook-secret-7f3a";

    private readonly string _environment;
    private readonly Dictionary<string, string?> _settings;
    private readonly TimeProvider? _clock;
    private readonly Action<IServiceCollection>? _testServices;

    public ApiFactory(string environment, IReadOnlyDictionary<string, string?> settings, TimeProvider? clock = null,
        Action<IServiceCollection>? testServices = null)
    {
        _environment = environment;
        _clock = clock;
        _testServices = testServices;
        StorageRoot = Path.Combine(Path.GetTempPath(), "vt-it-storage-" + Guid.NewGuid().ToString("N")[..12]);
        _settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            // Everything the app reads from the environment is pinned, so a developer's shell cannot leak in.
            ["CLERK_ISSUER"] = "",
            ["CLERK_JWKS_URL"] = "",
            ["CLERK_AUTHORIZED_PARTIES"] = "",
            ["NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY"] = "",
            ["VITE_CLERK_PUBLISHABLE_KEY"] = "",
            ["VAPI_API_KEY"] = "",
            ["VAPI_WEBHOOK_SECRET"] = WebhookSecret,
            ["VAPI_WEBHOOK_HMAC_SECRET"] = "",
            ["NEXT_PUBLIC_VAPI_PUBLIC_KEY"] = "",
            ["VITE_VAPI_PUBLIC_KEY"] = "",
            ["VAPI_SERVER_URL"] = "",
            ["VOICE_PRICE_PER_MINUTE_USD"] = "",
            ["TURN_SERVER_URL"] = "",
            ["TURN_SHARED_SECRET"] = "",
            ["TURN_CREDENTIAL_TTL_SECONDS"] = "",
            ["STUN_SERVER_URL"] = "",
            ["STORAGE_ROOT"] = StorageRoot,
            ["STRIPE_SECRET_KEY"] = "",
            ["STRIPE_API_KEY"] = "",
            ["STRIPE_WEBHOOK_SECRET"] = "",
            ["STRIPE_API_BASE_URL"] = "",
            ["NEXT_PUBLIC_STRIPE_PRICE_STARTER"] = "",
            ["NEXT_PUBLIC_STRIPE_PRICE_PROFESSIONAL"] = "",
            ["NEXT_PUBLIC_STRIPE_PRICE_ENTERPRISE"] = "",
            ["VOICE_ADDON_SINGLE_SIM_PRICE_ID"] = "",
            ["VOICE_ADDON_BUNDLE_3_PRICE_ID"] = "",
            ["PLANS_FILE"] = "",
            ["RESEND_API_KEY"] = "",
            ["RESEND_API_BASE_URL"] = "",
            ["MAILGUN_API_KEY"] = "",
            ["MAILGUN_DOMAIN"] = "",
            ["MAILGUN_API_BASE_URL"] = "",
            ["EMAIL_FROM"] = "",
            // Outside Development the voice pipeline needs providers or an explicit mode, as email does:
            // off unless a suite runs voice (local stand-ins, or providers with this set to auto).
            ["VoiceProviders:Mode"] = "off",
            ["OPENAI_API_KEY"] = "",
            ["OPENAI_API_BASE_URL"] = "",
            ["OPENROUTER_API_KEY"] = "",
            ["OPENROUTER_API_BASE_URL"] = "",
            ["ELEVENLABS_API_KEY"] = "",
            ["ELEVENLABS_API_BASE_URL"] = "",
            ["ADMIN_ALERT_EMAIL"] = "",
            // Outside Development email needs a provider or local mode chosen: suites record emails
            // unless they configure a provider (and then set this blank so the keys choose).
            ["Email:Provider"] = "local",
            ["Email:ReplyDomain"] = "",
            ["Email:ReplyTokenSecret"] = "",
            ["Workers:Enabled"] = "false",
            // Suites send bursts from one address; the limiter itself is tested with its own low limits.
            ["RateLimiting:IpBurst"] = "100000",
            ["RateLimiting:IpPerSecond"] = "100000",
            ["Webhooks:AllowPrivateNetworks"] = "false",
            ["NEXT_PUBLIC_APP_URL"] = "https://app.example.test",
            ["Database:MigrateOnStartup"] = "false",
            ["Database:SeedDemo"] = "false",
            ["PLATFORM_OPERATOR_USER_IDS"] = "",
        };
        foreach (var (key, value) in settings) _settings[key] = value;
        foreach (var (key, value) in _settings)
        {
            if (IsSecretSetting(key)) LogArchive.RegisterSecret(value);
        }
        LogArchive.RegisterSecret(WebhookSecret);
        UseKestrel(0);
    }

    /// <summary>Where this instance stores call recordings.</summary>
    public string StorageRoot { get; }

    /// <summary>Warnings and errors this instance logged, newest last (for failure messages).</summary>
    public ConcurrentQueue<string> Logs { get; } = new();

    /// <summary>Errors any instance logged, newest last: shown when a request answers 500 unexpectedly.</summary>
    public static ConcurrentQueue<string> RecentErrors { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            logging.SetMinimumLevel(LogLevel.Warning);
            logging.AddProvider(new CapturingLoggerProvider(Logs));
            // What production keeps (Information and above, every category, the framework's too),
            // archived for the run's secret scan; this rule outranks the app's category levels.
            logging.AddProvider(new ArchivingLoggerProvider());
            logging.AddFilter<ArchivingLoggerProvider>(null, LogLevel.Information);
        });
        if (_clock is not null || _testServices is not null)
        {
            builder.ConfigureTestServices(services =>
            {
                if (_clock is not null)
                {
                    services.RemoveAll<TimeProvider>();
                    services.AddSingleton(_clock);
                }
                _testServices?.Invoke(services);
            });
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            if (Directory.Exists(StorageRoot)) Directory.Delete(StorageRoot, recursive: true);
        }
        catch (IOException)
        {
            // Temporary files; leaving them is harmless.
        }
    }

    /// <summary>Settings whose values must never appear in a log (publishable and public keys may).</summary>
    private static bool IsSecretSetting(string key) =>
        (key.Contains("SECRET", StringComparison.OrdinalIgnoreCase) || key.Contains("API_KEY", StringComparison.OrdinalIgnoreCase)
            || key.Contains("PASSWORD", StringComparison.OrdinalIgnoreCase) || key.Contains("TOKEN", StringComparison.OrdinalIgnoreCase)
            || key.EndsWith("SigningKey", StringComparison.OrdinalIgnoreCase) || key.EndsWith("SIGNING_KEY", StringComparison.OrdinalIgnoreCase))
        && !key.Contains("PUBLISHABLE", StringComparison.OrdinalIgnoreCase) && !key.Contains("PUBLIC", StringComparison.OrdinalIgnoreCase);

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> sink) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, sink);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<string> sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var entry = $"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : " | " + exception)}";
            sink.Enqueue(entry);
            while (sink.Count > 200) sink.TryDequeue(out _);
            if (logLevel < LogLevel.Error) return;
            RecentErrors.Enqueue(entry);
            while (RecentErrors.Count > 20) RecentErrors.TryDequeue(out _);
        }
    }
}

/// <summary>
/// The system clock, shifted by an adjustable offset (to pass throttling windows without waiting).
/// Unlike FakeTimeProvider it keeps running, and its timers are the system's (see <see cref="ManualClock"/>).
/// </summary>
public sealed class ShiftableTimeProvider : TimeProvider
{
    private long _offsetTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));
}
