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
/// provider's recording host. The background workers are off (as in every fixture); tests build
/// the download job from the app's own services and run it one pass at a time, or start its worker.
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

    /// <summary>The recording server is on loopback: private networks allowed (as in Development), and only its address on the list.</summary>
    protected override void Configure(IDictionary<string, string?> settings)
    {
        settings["Recordings:AllowPrivateNetworks"] = "true";
        settings["Recordings:AllowedHosts"] = "127.0.0.1";
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

    /// <summary>The download job on the app's services and clock (options: the app's unless given).</summary>
    internal RecordingDownloadJob CreateJob(RecordingOptions? options = null) =>
        options is null
            ? ActivatorUtilities.CreateInstance<RecordingDownloadJob>(Factory.Services)
            : ActivatorUtilities.CreateInstance<RecordingDownloadJob>(Factory.Services, options);

    /// <summary>The options the app was configured with.</summary>
    internal RecordingOptions AppOptions => Factory.Services.GetRequiredService<RecordingOptions>();

    /// <summary>
    /// One round of the job as its worker runs it: claim up to <paramref name="batchSize"/> due
    /// downloads, try them all at once, and settle the outcomes together. Returns how many were
    /// claimed. Cancelling stops the tries in hand, as a dying instance would: nothing is settled.
    /// </summary>
    internal static async Task<int> PassAsync(RecordingDownloadJob job, int batchSize, CancellationToken cancellationToken)
    {
        var claimed = await job.ClaimAsync(batchSize, cancellationToken);
        var outcomes = await Task.WhenAll(claimed.Select(item => job.HandleAsync(item, cancellationToken)));
        await job.SettleAsync(outcomes, CancellationToken.None);
        return claimed.Count;
    }

    /// <summary>
    /// Takes every download still pending (left by earlier tests of the class) out of the queue, so
    /// a test's passes see only the recordings the test made.
    /// </summary>
    public Task ClearPendingDownloadsAsync() =>
        WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DELETE FROM recording_downloads WHERE status = 'Pending'"));

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

    /// <summary>The download queued for the attempt's recording.</summary>
    public Task<RecordingDownload> DownloadAsync(Guid attemptId) =>
        WithDbAsync(db => db.RecordingDownloads.IgnoreQueryFilters().AsNoTracking().SingleAsync(d => d.AttemptId == attemptId));

    /// <summary>Files (any extension, including partial writes) stored for the attempt.</summary>
    public IReadOnlyList<string> StoredFiles(Guid orgId, Guid attemptId)
    {
        var folder = Path.Combine(Factory.StorageRoot, orgId.ToString());
        return Directory.Exists(folder) ? Directory.GetFiles(folder, attemptId + ".*") : [];
    }
}
