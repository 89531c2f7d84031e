using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Domain.Attempts;
using VoiceTraining.Infrastructure.Recordings;

namespace VoiceTraining.Api.IntegrationTests.Recordings;

/// <summary>
/// The API on a <see cref="ManualClock"/> beside a <see cref="RecordingServer"/> that plays the voice
/// provider's recording host. The background worker is off (as in every fixture); tests build
/// download workers from the app's own services and run them one pass at a time.
/// </summary>
public sealed class RecordingWorkerFixture : ApiFixture
{
    private long _downloadTimeoutTicks = TimeSpan.FromSeconds(10).Ticks;

    public ManualClock ManualClock { get; } = new();

    public override TimeProvider? Clock => ManualClock;

    public RecordingServer Server { get; private set; } = null!;

    /// <summary>The recording client's overall timeout (read whenever a client is made, so a test may shorten it).</summary>
    public TimeSpan DownloadTimeout
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _downloadTimeoutTicks));
        set => Interlocked.Exchange(ref _downloadTimeoutTicks, value.Ticks);
    }

    protected override void ConfigureServices(IServiceCollection services) =>
        services.Configure<HttpClientFactoryOptions>(nameof(RecordingDownloader),
            o => o.HttpClientActions.Add(client => client.Timeout = DownloadTimeout));

    public override async Task InitializeAsync()
    {
        Server = await RecordingServer.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Server is not null) await Server.DisposeAsync();
    }

    /// <summary>A download worker on the app's services and clock (options: the app's unless given).</summary>
    internal RecordingDownloadWorker CreateWorker(RecordingOptions? options = null) =>
        options is null
            ? ActivatorUtilities.CreateInstance<RecordingDownloadWorker>(Factory.Services)
            : ActivatorUtilities.CreateInstance<RecordingDownloadWorker>(Factory.Services, options);

    /// <summary>The options the app was configured with.</summary>
    internal RecordingOptions AppOptions => Factory.Services.GetRequiredService<RecordingOptions>();

    /// <summary>
    /// Takes every download still pending (left by earlier tests of the class) out of the queue, so
    /// a test's worker passes see only the recordings the test made.
    /// </summary>
    public Task ClearPendingDownloadsAsync() =>
        WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
            "UPDATE scenario_attempts SET recording_status = 'None', recording_next_attempt_at = NULL WHERE recording_status = 'Pending'"));

    /// <summary>Starts a call as the member and reports it ended with this recording URL; returns the attempt id.</summary>
    public async Task<Guid> CompletedCallWithRecordingAsync(SeededMember member, Guid scenarioId, string recordingUrl)
    {
        var attemptId = await VoiceCalls.StartAsync(this, member, scenarioId);
        using var response = await VoiceCalls.PostWebhookAsync(Anonymous(),
            VoiceCalls.CallEnded(attemptId, "call_" + Guid.NewGuid().ToString("N"), recordingUrl: recordingUrl));
        (await response.ShouldHaveStatus(HttpStatusCode.OK)).Str("outcome").Should().Be("applied");
        return attemptId;
    }

    public Task<Attempt> AttemptAsync(Guid id) =>
        WithDbAsync(db => db.Attempts.IgnoreQueryFilters().AsNoTracking().SingleAsync(a => a.Id == id));

    /// <summary>Files (any extension, including partial writes) stored for the attempt.</summary>
    public IReadOnlyList<string> StoredFiles(Guid orgId, Guid attemptId)
    {
        var folder = Path.Combine(Factory.StorageRoot, orgId.ToString());
        return Directory.Exists(folder) ? Directory.GetFiles(folder, attemptId + ".*") : [];
    }
}
