using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Api.IntegrationTests.Webhooks.Outbound;
using VoiceTraining.Domain.Attempts;
using VoiceTraining.Infrastructure.Recordings;
using VoiceTraining.Infrastructure.Webhooks.Outbound.Ssrf;
using static VoiceTraining.Api.IntegrationTests.Infrastructure.Eventually;

namespace VoiceTraining.Api.IntegrationTests.Recordings;

/// <summary>
/// The recording download job against a real HTTP recording host and the real database: a
/// finished call queues its download, which copies the recording into storage, retries on the
/// job's schedule, refuses oversized files, and is shared between instances through leases.
/// </summary>
public sealed class RecordingDownloadWorkerTests(RecordingWorkerFixture fixture) : IClassFixture<RecordingWorkerFixture>, IAsyncLifetime
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    private RecordingServer Server => fixture.Server;

    public Task InitializeAsync() => fixture.ClearPendingDownloadsAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static readonly IReadOnlyList<TimeSpan> Delays = RecordingDownloadJob.Retries.Delays;

    /// <summary>One pass of the job; a pass that hangs fails the test instead of the whole run.</summary>
    private async Task<int> PassAsync(RecordingDownloadJob job, TimeSpan? within = null, int? batchSize = null)
    {
        var limit = within ?? TimeSpan.FromSeconds(15);
        using var cancel = new CancellationTokenSource(limit);
        try
        {
            return await RecordingWorkerFixture.PassAsync(job, batchSize ?? fixture.AppOptions.BatchSize, cancel.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            throw new TimeoutException($"A worker pass did not finish within {limit.TotalSeconds} s: a download hung.");
        }
    }

    [Theory]
    [InlineData("audio/mpeg", "call.mp3", "mp3", "audio/mpeg")]
    [InlineData("application/octet-stream", "call.wav", "wav", "audio/wav")]
    [InlineData("audio/ogg", "recording", "ogg", "audio/ogg")]
    public async Task A_finished_calls_recording_is_stored_and_then_served_with_ranges(string servedType, string fileName, string extension, string storedType)
    {
        var org = await fixture.SeedOrganizationAsync();
        var audio = RecordingServer.AudioBytes(3000);
        var url = Server.Serve(fileName, Reply.Audio(audio, servedType));
        var attemptId = await fixture.CompletedCallWithRecordingAsync(org.Trainee, org.PublishedScenarioId, url);
        var worker = fixture.CreateJob();

        (await PassAsync(worker)).Should().Be(1);

        Server.RequestsTo(url).Should().Be(1);
        var path = Path.Combine(fixture.Factory.StorageRoot, org.Id.ToString(), $"{attemptId}.{extension}");
        File.Exists(path).Should().BeTrue("the recording is stored as {{orgId}}/{{attemptId}}.{0}; the logs say: {1}", extension, fixture.RecentLogs);
        (await File.ReadAllBytesAsync(path)).Should().Equal(audio);
        fixture.StoredFiles(org.Id, attemptId).Should().ContainSingle("no partial file is left beside the recording");
        var stored = await fixture.AttemptAsync(attemptId);
        stored.RecordingStatus.Should().Be(RecordingStatus.Stored);
        stored.RecordingKey.Should().Be($"{org.Id}/{attemptId}.{extension}");
        stored.RecordingContentType.Should().Be(storedType);
        stored.RecordingBytes.Should().Be(audio.Length);
        var download = await fixture.DownloadAsync(attemptId);
        (download.Status, download.Attempts, download.LeaseToken, download.LastError)
            .Should().Be((RecordingDownloadStatus.Stored, 1, (Guid?)null, (string?)null));

        var client = fixture.ClientFor(org.Trainee);
        var attempt = await client.GetJsonAsync($"/api/attempts/{attemptId}");
        attempt.Str("recordingStatus").Should().Be("stored");
        attempt.Str("recordingUrl").Should().Be($"/api/attempts/{attemptId}/recording");
        using var request = new HttpRequestMessage(HttpMethod.Get, attempt.Str("recordingUrl")) { Headers = { Range = new RangeHeaderValue(0, 9) } };
        using var partial = await client.SendAsync(request);
        await partial.ShouldHaveStatus(HttpStatusCode.PartialContent);
        partial.Content.Headers.ContentRange!.ToString().Should().Be($"bytes 0-9/{audio.Length}");
        partial.Content.Headers.ContentType!.MediaType.Should().Be(storedType);
        (await partial.Content.ReadAsByteArrayAsync()).Should().Equal(audio[..10]);
        using var whole = await client.GetAsync(attempt.Str("recordingUrl"));
        await whole.ShouldHaveStatus(HttpStatusCode.OK);
        (await whole.Content.ReadAsByteArrayAsync()).Should().Equal(audio);
    }

    [Fact]
    public async Task A_transient_server_error_is_retried_within_the_same_pass()
    {
        var org = await fixture.SeedOrganizationAsync();
        var audio = RecordingServer.AudioBytes(2048);
        // Retry-After keeps the pipeline's wait at one second instead of its backoff.
        var url = Server.Serve("call.mp3", Reply.Status(500, retryAfterSeconds: 1), Reply.Audio(audio));
        var attemptId = await fixture.CompletedCallWithRecordingAsync(org.Trainee, org.PublishedScenarioId, url);
        var worker = fixture.CreateJob();

        (await PassAsync(worker)).Should().Be(1);

        Server.RequestsTo(url).Should().Be(2, "the 500 is retried by the HTTP pipeline");
        var stored = await fixture.AttemptAsync(attemptId);
        stored.RecordingStatus.Should().Be(RecordingStatus.Stored, "the logs say: {0}", fixture.RecentLogs);
        (await fixture.DownloadAsync(attemptId)).Attempts.Should().Be(1, "one pass is one try on the job's schedule");
        (await File.ReadAllBytesAsync(Path.Combine(fixture.Factory.StorageRoot, stored.RecordingKey!))).Should().Equal(audio);
    }

    [Fact]
    public async Task A_download_that_keeps_failing_is_retried_on_the_schedule_then_marked_failed_and_the_attempt_keeps_its_score()
    {
        var org = await fixture.SeedOrganizationAsync();
        var url = Server.Serve("gone.mp3", Reply.Status(404));
        var attemptId = await fixture.CompletedCallWithRecordingAsync(org.Trainee, org.PublishedScenarioId, url);
        var scored = await fixture.AttemptAsync(attemptId);
        scored.Score.Should().NotBeNull();
        var worker = fixture.CreateJob();
        var delays = Delays;
        delays.Should().Equal([TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(12), TimeSpan.FromHours(24)],
            "the provider keeps recordings about 7 days; the last try is about 40 hours after the call");

        (await PassAsync(worker)).Should().Be(1, "the download is due as soon as the call ends");
        for (var i = 0; i < delays.Count; i++)
        {
            (await fixture.AttemptAsync(attemptId)).RecordingStatus.Should().Be(RecordingStatus.Pending);
            var failed = await fixture.DownloadAsync(attemptId);
            failed.Status.Should().Be(RecordingDownloadStatus.Pending);
            failed.Attempts.Should().Be(i + 1);
            failed.LastError.Should().Contain("404");
            failed.NextAttemptAt.Should().Be(fixture.ManualClock.GetUtcNow() + delays[i], "try {0} waits {1}", i + 2, delays[i]);

            fixture.ManualClock.Advance(delays[i] - OneSecond);
            (await PassAsync(worker)).Should().Be(0, "try {0} is not due a second before its time", i + 2);
            fixture.ManualClock.Advance(OneSecond);
            (await PassAsync(worker)).Should().Be(1, "try {0} is due after {1}", i + 2, delays[i]);
        }

        var given = await fixture.AttemptAsync(attemptId);
        given.RecordingStatus.Should().Be(RecordingStatus.Failed);
        given.RecordingKey.Should().BeNull();
        var givenUp = await fixture.DownloadAsync(attemptId);
        (givenUp.Status, givenUp.Attempts, givenUp.LeaseToken).Should().Be((RecordingDownloadStatus.Failed, delays.Count + 1, (Guid?)null));
        fixture.ManualClock.Advance(TimeSpan.FromDays(30));
        (await PassAsync(worker)).Should().Be(0, "a failed recording is not tried again");
        Server.RequestsTo(url).Should().Be(delays.Count + 1, "404 is not retried within a pass");

        given.Status.Should().Be(AttemptStatus.Completed);
        given.Score.Should().Be(scored.Score);
        var attempt = await fixture.ClientFor(org.Trainee).GetJsonAsync($"/api/attempts/{attemptId}");
        attempt.Str("status").Should().Be("completed");
        attempt.Int("score").Should().Be(scored.Score!.Value);
        attempt.Str("recordingStatus").Should().Be("failed");
        attempt.IsNull("recordingUrl").Should().BeTrue();
        using var recording = await fixture.ClientFor(org.Trainee).GetAsync($"/api/attempts/{attemptId}/recording");
        await recording.ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_host_that_does_not_answer_times_out_and_the_next_try_succeeds()
    {
        var org = await fixture.SeedOrganizationAsync();
        var audio = RecordingServer.AudioBytes(1500);
        var url = Server.Serve("call.mp3", Reply.Hang(), Reply.Audio(audio));
        var attemptId = await fixture.CompletedCallWithRecordingAsync(org.Trainee, org.PublishedScenarioId, url);
        var worker = fixture.CreateJob();
        var timeout = fixture.DownloadTimeout;
        fixture.DownloadTimeout = TimeSpan.FromMilliseconds(300);
        try
        {
            (await PassAsync(worker)).Should().Be(1);
        }
        finally
        {
            fixture.DownloadTimeout = timeout;
        }

        (await fixture.AttemptAsync(attemptId)).RecordingStatus.Should().Be(RecordingStatus.Pending, "a timeout is a failed try, not the worker's end");
        var failed = await fixture.DownloadAsync(attemptId);
        failed.Status.Should().Be(RecordingDownloadStatus.Pending);
        failed.Attempts.Should().Be(1);
        failed.LastError.Should().NotBeNullOrWhiteSpace();
        failed.NextAttemptAt.Should().Be(fixture.ManualClock.GetUtcNow() + Delays[0]);
        fixture.StoredFiles(org.Id, attemptId).Should().BeEmpty();

        fixture.ManualClock.Advance(Delays[0]);
        (await PassAsync(worker)).Should().Be(1);

        (await fixture.AttemptAsync(attemptId)).RecordingStatus.Should().Be(RecordingStatus.Stored);
        Server.RequestsTo(url).Should().Be(2);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/recordings/call.mp3")]
    [InlineData("/recordings/call.mp3")]
    public async Task A_recording_url_that_cannot_be_fetched_fails_at_once_and_does_not_hold_up_the_others(string badUrl)
    {
        var org = await fixture.SeedOrganizationAsync();
        var badId = await fixture.CompletedCallWithRecordingAsync(org.Trainee, org.PublishedScenarioId, badUrl);
        fixture.ManualClock.Advance(OneSecond);
        var audio = RecordingServer.AudioBytes(1024);
        var goodUrl = Server.Serve("call.mp3", Reply.Audio(audio));
        var goodId = await fixture.CompletedCallWithRecordingAsync(org.Teammate, org.PublishedScenarioId, goodUrl);
        var worker = fixture.CreateJob();

        var pass = await FluentActions.Awaiting(() => PassAsync(worker))
            .Should().NotThrowAsync("a bad URL is one attempt's problem, not the pass's");

        pass.Subject.Should().Be(2);
        (await fixture.AttemptAsync(goodId)).RecordingStatus.Should().Be(RecordingStatus.Stored, "the download claimed after the bad one still runs");
        var bad = await fixture.DownloadAsync(badId);
        (bad.Status, bad.Attempts).Should().Be((RecordingDownloadStatus.Failed, 1), "a URL that can never be fetched is not retried");
        bad.LastError.Should().Be("The recording URL is not an http(s) URL.");
    }

    [Fact]
    public async Task A_host_that_stalls_in_the_middle_of_the_recording_times_out_like_one_that_does_not_answer()
    {
        // The client's timeout is the download's (3 minutes in production): it must cover the body, not only the headers.
        var org = await fixture.SeedOrganizationAsync();
        var audio = RecordingServer.AudioBytes(4000);
        var url = Server.Serve("call.mp3", Reply.Audio(audio, stallAfter: 1000), Reply.Audio(audio));
        var attemptId = await fixture.CompletedCallWithRecordingAsync(org.Trainee, org.PublishedScenarioId, url);
        var worker = fixture.CreateJob();
        var timeout = fixture.DownloadTimeout;
        fixture.DownloadTimeout = TimeSpan.FromMilliseconds(300);
        try
        {
            (await PassAsync(worker, within: TimeSpan.FromSeconds(3))).Should().Be(1);
        }
        finally
        {
            fixture.DownloadTimeout = timeout;
        }

        (await fixture.AttemptAsync(attemptId)).RecordingStatus.Should().Be(RecordingStatus.Pending);
        var failed = await fixture.DownloadAsync(attemptId);
        failed.Attempts.Should().Be(1);
        failed.NextAttemptAt.Should().Be(fixture.ManualClock.GetUtcNow() + Delays[0]);
        fixture.StoredFiles(org.Id, attemptId).Should().BeEmpty("half a recording is not stored");
    }

    [Fact]
    public async Task A_recording_announced_as_larger_than_the_limit_is_refused_without_reading_it()
    {
        var org = await fixture.SeedOrganizationAsync();
        const int limit = 4096;
        // The host announces the size and then sends nothing: only the announcement can end this download quickly.
        var url = Server.Serve("long.mp3", Reply.DeclaredLengthOnly(100L * 1024 * 1024));
        var attemptId = await fixture.CompletedCallWithRecordingAsync(org.Trainee, org.PublishedScenarioId, url);
        var worker = fixture.CreateJob(new RecordingOptions { MaxBytes = limit });

        (await PassAsync(worker)).Should().Be(1);

        (await fixture.AttemptAsync(attemptId)).RecordingStatus.Should().NotBe(RecordingStatus.Stored);
        (await fixture.DownloadAsync(attemptId)).LastError.Should().Contain($"larger than {limit} bytes");
        fixture.StoredFiles(org.Id, attemptId).Should().BeEmpty();
    }

    [Fact]
    public async Task A_recording_that_turns_out_larger_than_the_limit_while_streaming_is_refused()
    {
        var org = await fixture.SeedOrganizationAsync();
        const int limit = 4096;
        var url = Server.Serve("long.mp3", Reply.Audio(RecordingServer.AudioBytes(3 * limit), declareLength: false));
        var attemptId = await fixture.CompletedCallWithRecordingAsync(org.Trainee, org.PublishedScenarioId, url);
        var worker = fixture.CreateJob(new RecordingOptions { MaxBytes = limit });

        (await PassAsync(worker)).Should().Be(1);

        var refused = await fixture.AttemptAsync(attemptId);
        refused.RecordingStatus.Should().NotBe(RecordingStatus.Stored);
        refused.RecordingKey.Should().BeNull();
        refused.RecordingBytes.Should().BeNull();
        (await fixture.DownloadAsync(attemptId)).LastError.Should().Contain($"larger than {limit} bytes");
        fixture.StoredFiles(org.Id, attemptId).Should().BeEmpty("nothing of an oversized recording reaches storage");
        refused.Status.Should().Be(AttemptStatus.Completed);
    }

    [Fact]
    public async Task A_recording_of_exactly_the_limit_is_stored()
    {
        var org = await fixture.SeedOrganizationAsync();
        const int limit = 4096;
        var url = Server.Serve("full.mp3", Reply.Audio(RecordingServer.AudioBytes(limit), declareLength: false));
        var attemptId = await fixture.CompletedCallWithRecordingAsync(org.Trainee, org.PublishedScenarioId, url);
        var worker = fixture.CreateJob(new RecordingOptions { MaxBytes = limit });

        (await PassAsync(worker)).Should().Be(1);

        var stored = await fixture.AttemptAsync(attemptId);
        stored.RecordingStatus.Should().Be(RecordingStatus.Stored, "the logs say: {0}", fixture.RecentLogs);
        stored.RecordingBytes.Should().Be(limit);
    }

    [Fact]
    public async Task Workers_running_at_the_same_time_never_download_a_recording_twice()
    {
        var org = await fixture.SeedOrganizationAsync();
        // The first downloads wait until every worker has one in flight, so the workers really overlap.
        const int workerCount = 4;
        var inFlight = 0;
        var overlap = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task Hold()
        {
            if (Interlocked.Increment(ref inFlight) >= workerCount) overlap.TrySetResult();
            return Task.WhenAny(overlap.Task, Task.Delay(TimeSpan.FromSeconds(5)));
        }
        var urls = Enumerable.Range(0, 12).Select(i => Server.Serve($"call-{i}.mp3", Reply.Audio(RecordingServer.AudioBytes(1024, seed: i), before: Hold))).ToList();
        var attemptIds = new List<Guid>();
        foreach (var url in urls) attemptIds.Add(await fixture.CompletedCallWithRecordingAsync(org.Teammate, org.PublishedScenarioId, url));
        // One claim per pass: four downloads in flight then means four workers, not two with two each
        // (which left a worker that started late on a busy machine with nothing to do).
        var options = new RecordingOptions { BatchSize = 1, Lease = fixture.AppOptions.Lease, MaxBytes = fixture.AppOptions.MaxBytes };
        var workers = Enumerable.Range(0, workerCount).Select(_ => fixture.CreateJob(options)).ToList();

        async Task<int> DrainAsync(RecordingDownloadJob worker)
        {
            var handled = 0;
            int batch;
            while ((batch = await PassAsync(worker, batchSize: options.BatchSize)) > 0) handled += batch;
            return handled;
        }
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = workers.Select(w => Task.Run(async () =>
        {
            await go.Task;
            return await DrainAsync(w);
        })).ToList();
        go.SetResult();
        var handled = await Task.WhenAll(runs);

        overlap.Task.IsCompletedSuccessfully.Should().BeTrue("every worker had a download in flight at once");
        urls.Select(Server.RequestsTo).Should().AllBeEquivalentTo(1, "each recording is downloaded once (requests: {0})", string.Join(", ", urls.Select(Server.RequestsTo)));
        handled.Sum().Should().Be(urls.Count, "each claim is handled by one worker (per worker: {0})", string.Join(", ", handled));
        handled.Should().OnlyContain(h => h > 0, "the workers shared the work");
        foreach (var id in attemptIds)
        {
            var stored = await fixture.AttemptAsync(id);
            stored.RecordingStatus.Should().Be(RecordingStatus.Stored);
            (await fixture.DownloadAsync(id)).Attempts.Should().Be(1);
        }
    }

    [Fact]
    public async Task A_claim_whose_worker_died_is_taken_again_once_its_lease_expires()
    {
        var org = await fixture.SeedOrganizationAsync();
        var audio = RecordingServer.AudioBytes(2000);
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var url = Server.Serve("call.mp3", Reply.Hang(arrived), Reply.Audio(audio));
        var attemptId = await fixture.CompletedCallWithRecordingAsync(org.Loner, org.PublishedScenarioId, url);
        var lease = fixture.AppOptions.Lease;

        // The first worker claims the download and dies in the middle of it.
        using (var death = new CancellationTokenSource())
        {
            var run = RecordingWorkerFixture.PassAsync(fixture.CreateJob(), fixture.AppOptions.BatchSize, death.Token);
            await arrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
            await death.CancelAsync();
            await FluentActions.Awaiting(() => run).Should().ThrowAsync<OperationCanceledException>();
        }
        (await fixture.AttemptAsync(attemptId)).RecordingStatus.Should().Be(RecordingStatus.Pending);
        var orphaned = await fixture.DownloadAsync(attemptId);
        orphaned.Status.Should().Be(RecordingDownloadStatus.Pending);
        orphaned.Attempts.Should().Be(0, "the dead worker recorded nothing");
        orphaned.LeaseToken.Should().NotBeNull("the dead worker's lease still holds it");
        orphaned.NextAttemptAt.Should().Be(fixture.ManualClock.GetUtcNow() + lease, "a claim is a lease");

        var survivor = fixture.CreateJob();
        (await PassAsync(survivor)).Should().Be(0, "the lease still holds");
        fixture.ManualClock.Advance(lease - OneSecond);
        (await PassAsync(survivor)).Should().Be(0, "the lease still holds a second before it ends");
        Server.RequestsTo(url).Should().Be(1);

        fixture.ManualClock.Advance(OneSecond);
        (await PassAsync(survivor)).Should().Be(1, "an expired lease is claimed again");

        Server.RequestsTo(url).Should().Be(2);
        var stored = await fixture.AttemptAsync(attemptId);
        stored.RecordingStatus.Should().Be(RecordingStatus.Stored, "the logs say: {0}", fixture.RecentLogs);
        (await File.ReadAllBytesAsync(Path.Combine(fixture.Factory.StorageRoot, stored.RecordingKey!))).Should().Equal(audio);
    }

    [Fact]
    public async Task Ending_a_call_queues_the_download_of_its_recording_and_a_call_without_one_queues_nothing()
    {
        var org = await fixture.SeedOrganizationAsync();
        const string url = "https://recordings.example.test/queued.mp3";
        var attemptId = await fixture.CompletedCallWithRecordingAsync(org.Trainee, org.PublishedScenarioId, url);

        var download = await fixture.DownloadAsync(attemptId);
        (download.OrgId, download.SourceUrl, download.Status, download.Attempts, download.LeaseToken, download.LastError)
            .Should().Be((org.Id, url, RecordingDownloadStatus.Pending, 0, (Guid?)null, (string?)null));
        download.NextAttemptAt.Should().Be(fixture.ManualClock.GetUtcNow(), "it is due as soon as the call ends");
        (await fixture.AttemptAsync(attemptId)).RecordingStatus.Should().Be(RecordingStatus.Pending);

        var silentId = await VoiceCalls.StartAsync(fixture, org.Teammate, org.PublishedScenarioId);
        using (var response = await VoiceCalls.PostWebhookAsync(fixture.Anonymous(), VoiceCalls.CallEnded(silentId, "call_" + Guid.NewGuid().ToString("N"))))
            (await response.ShouldHaveStatus(HttpStatusCode.OK)).Str("outcome").Should().Be("applied");
        (await fixture.AttemptAsync(silentId)).RecordingStatus.Should().Be(RecordingStatus.None);
        (await fixture.WithDbAsync(db => db.RecordingDownloads.IgnoreQueryFilters().AnyAsync(d => d.AttemptId == silentId)))
            .Should().BeFalse("a call without a recording has nothing to download");
    }

    [Fact]
    public async Task The_worker_copies_a_recording_when_the_call_ends_without_waiting_for_its_next_poll()
    {
        var org = await fixture.SeedOrganizationAsync();
        var waiting = Server.Serve("waiting.mp3", Reply.Audio(RecordingServer.AudioBytes(1000, seed: 7)));
        var waitingId = await fixture.CompletedCallWithRecordingAsync(org.Trainee, org.PublishedScenarioId, waiting);
        var app = fixture.AppOptions;
        var job = fixture.CreateJob(new RecordingOptions
        {
            MaxBytes = app.MaxBytes, Lease = app.Lease, BatchSize = app.BatchSize, MaxConcurrency = app.MaxConcurrency,
            PollInterval = TimeSpan.FromMinutes(10),
        });
        using var worker = job.CreateWorker(fixture.Factory.Services.GetRequiredService<ILoggerFactory>());
        await worker.StartAsync(CancellationToken.None);
        try
        {
            // Its first look at the queue finds the download that was waiting; after that, the next poll is ten minutes away.
            await EventuallyAsync(async () => (await fixture.AttemptAsync(waitingId)).RecordingStatus == RecordingStatus.Stored, "the waiting download is copied at start");

            var audio = RecordingServer.AudioBytes(1500, seed: 8);
            var url = Server.Serve("woken.mp3", Reply.Audio(audio));
            var attemptId = await fixture.CompletedCallWithRecordingAsync(org.Teammate, org.PublishedScenarioId, url);

            await EventuallyAsync(async () => (await fixture.AttemptAsync(attemptId)).RecordingStatus == RecordingStatus.Stored,
                "the end of the call wakes the worker (logs: " + fixture.RecentLogs + ")");
            var stored = await fixture.AttemptAsync(attemptId);
            (await File.ReadAllBytesAsync(Path.Combine(fixture.Factory.StorageRoot, stored.RecordingKey!))).Should().Equal(audio);
            Server.RequestsTo(url).Should().Be(1);
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_recording_deleted_on_purpose_while_it_was_being_copied_is_not_kept()
    {
        var org = await fixture.SeedOrganizationAsync();
        var url = Server.Serve("late.mp3", Reply.Audio(RecordingServer.AudioBytes(1200)));
        var attemptId = await fixture.CompletedCallWithRecordingAsync(org.Loner, org.PublishedScenarioId, url);
        var job = fixture.CreateJob();
        var claimed = (await job.ClaimAsync(fixture.AppOptions.BatchSize, CancellationToken.None)).Should().ContainSingle().Subject;
        var tried = await job.HandleAsync(claimed, CancellationToken.None);
        fixture.StoredFiles(org.Id, attemptId).Should().ContainSingle("the copy is in storage before its outcome is written");

        // Meanwhile the member's account was deleted and the retention period passed: the purge deleted the recording.
        await fixture.WithDbAsync(async db =>
        {
            var attempt = await db.Attempts.IgnoreQueryFilters().SingleAsync(a => a.Id == attemptId);
            attempt.DeleteRecording(fixture.ManualClock.GetUtcNow());
            await db.SaveChangesAsync();
        });
        await job.SettleAsync([tried], CancellationToken.None);

        var deleted = await fixture.AttemptAsync(attemptId);
        (deleted.RecordingStatus, deleted.RecordingKey).Should().Be((RecordingStatus.Deleted, (string?)null));
        fixture.StoredFiles(org.Id, attemptId).Should().BeEmpty("the copy does not outlive the deletion");
        (await fixture.DownloadAsync(attemptId)).Status.Should().Be(RecordingDownloadStatus.Stored, "the download itself did its work");
    }

    /// <summary>The same recording server under a name that is not on Recordings:AllowedHosts (only 127.0.0.1 is).</summary>
    private static string OffTheList(string url) => url.Replace("://127.0.0.1:", "://localhost:", StringComparison.Ordinal);

    /// <summary>Refused downloads are given up at once: failed, one try, the attempt's recording failed, nothing stored, no later try.</summary>
    private async Task ShouldBeRefusedAsync(Guid orgId, Guid attemptId, RecordingDownloadJob worker, string error)
    {
        var download = await fixture.DownloadAsync(attemptId);
        (download.Status, download.Attempts, download.LeaseToken).Should().Be((RecordingDownloadStatus.Failed, 1, (Guid?)null), "a refused URL is not retried");
        download.LastError.Should().Be(error);
        (await fixture.AttemptAsync(attemptId)).RecordingStatus.Should().Be(RecordingStatus.Failed);
        fixture.StoredFiles(orgId, attemptId).Should().BeEmpty();
        fixture.Factory.Logs.Should().Contain(l => l.Contains($"Recording download for attempt {attemptId} refused, not retried: {error}", StringComparison.Ordinal));
        fixture.ManualClock.Advance(TimeSpan.FromDays(3));
        (await PassAsync(worker)).Should().Be(0, "a refused download is not tried again");
    }

    [Fact]
    public async Task A_host_on_the_allow_list_is_fetched_and_one_off_the_list_fails_at_once_without_a_request()
    {
        var org = await fixture.SeedOrganizationAsync();
        var audio = RecordingServer.AudioBytes(1000);
        var allowed = Server.Serve("call.mp3", Reply.Audio(audio));
        var offList = OffTheList(Server.Serve("call.mp3", Reply.Audio(audio)));
        var allowedId = await fixture.CompletedCallWithRecordingAsync(org.Trainee, org.PublishedScenarioId, allowed);
        var offListId = await fixture.CompletedCallWithRecordingAsync(org.Teammate, org.PublishedScenarioId, offList);
        var worker = fixture.CreateJob();

        (await PassAsync(worker)).Should().Be(2);

        (await fixture.AttemptAsync(allowedId)).RecordingStatus.Should().Be(RecordingStatus.Stored, "the logs say: {0}", fixture.RecentLogs);
        Server.RequestsTo(allowed).Should().Be(1);
        Server.RequestsTo(offList).Should().Be(0, "nothing is sent to a host off the list");
        await ShouldBeRefusedAsync(org.Id, offListId, worker, "The recording URL was refused: host localhost is not on Recordings:AllowedHosts.");
    }

    [Fact]
    public async Task A_redirect_is_followed_only_to_a_host_on_the_allow_list()
    {
        var org = await fixture.SeedOrganizationAsync();
        var audio = RecordingServer.AudioBytes(1200);
        var target = Server.Serve("call.mp3", Reply.Audio(audio));
        var followed = Server.Serve("moved.mp3", Reply.Redirect(target, statusCode: 307));
        var hidden = Server.Serve("internal.mp3", Reply.Audio(audio));
        var refused = Server.Serve("elsewhere.mp3", Reply.Redirect(OffTheList(hidden)));
        var followedId = await fixture.CompletedCallWithRecordingAsync(org.Trainee, org.PublishedScenarioId, followed);
        var refusedId = await fixture.CompletedCallWithRecordingAsync(org.Teammate, org.PublishedScenarioId, refused);
        var worker = fixture.CreateJob();

        (await PassAsync(worker)).Should().Be(2);

        var stored = await fixture.AttemptAsync(followedId);
        stored.RecordingStatus.Should().Be(RecordingStatus.Stored, "the logs say: {0}", fixture.RecentLogs);
        (await File.ReadAllBytesAsync(Path.Combine(fixture.Factory.StorageRoot, stored.RecordingKey!))).Should().Equal(audio);
        (Server.RequestsTo(followed), Server.RequestsTo(target)).Should().Be((1, 1));
        Server.RequestsTo(refused).Should().Be(1);
        Server.RequestsTo(hidden).Should().Be(0, "the redirect's target is checked before anything is sent to it");
        await ShouldBeRefusedAsync(org.Id, refusedId, worker, "A redirect (to host localhost) was refused: host localhost is not on Recordings:AllowedHosts.");
    }

    [Fact]
    public async Task Redirects_are_followed_a_limited_number_of_times()
    {
        var org = await fixture.SeedOrganizationAsync();
        // One redirect more than is followed, then the recording.
        var chain = Enumerable.Range(0, RecordingDownloader.MaxRedirects + 1).Aggregate(Server.Serve("end.mp3", Reply.Audio(RecordingServer.AudioBytes(100))),
            (next, i) => Server.Serve($"hop-{i}.mp3", Reply.Redirect(next)));
        var attemptId = await fixture.CompletedCallWithRecordingAsync(org.Trainee, org.PublishedScenarioId, chain);

        (await PassAsync(fixture.CreateJob())).Should().Be(1);

        var download = await fixture.DownloadAsync(attemptId);
        (download.Status, download.LastError).Should().Be((RecordingDownloadStatus.Failed,
            $"The recording URL was refused: more than {RecordingDownloader.MaxRedirects} redirects."));
    }

    [Fact]
    public async Task Outside_development_a_url_resolving_to_a_private_address_or_using_http_fails_at_once_without_a_connection()
    {
        // The production network policy, with DNS that answers the recording host with loopback.
        var resolver = new TableResolver();
        resolver.Answer("recordings.vapi.test", ["127.0.0.1"]);
        await using var factory = fixture.CreateFactory(fixture.Jwks, fixture.Clock, configure: s =>
        {
            s["Recordings:AllowPrivateNetworks"] = "false";
            s["Recordings:AllowedHosts"] = "*.vapi.test";
        }, services: s =>
        {
            s.RemoveAll<IHostResolver>();
            s.AddSingleton<IHostResolver>(resolver);
        });
        factory.StartServer();
        var org = await fixture.SeedOrganizationAsync();
        var path = new Uri(Server.Serve("call.mp3", Reply.Audio(RecordingServer.AudioBytes(500)))).PathAndQuery;
        var port = new Uri(Server.BaseUrl).Port;
        var privateId = await fixture.CompletedCallWithRecordingAsync(org.Trainee, org.PublishedScenarioId, $"https://recordings.vapi.test:{port}{path}");
        var httpId = await fixture.CompletedCallWithRecordingAsync(org.Teammate, org.PublishedScenarioId, $"http://recordings.vapi.test:{port}{path}");
        var worker = ActivatorUtilities.CreateInstance<RecordingDownloadJob>(factory.Services);

        (await PassAsync(worker)).Should().Be(2);

        Server.RequestsTo(Server.BaseUrl + path).Should().Be(0);
        var refusedPrivate = await fixture.DownloadAsync(privateId);
        (refusedPrivate.Status, refusedPrivate.Attempts, refusedPrivate.LastError).Should().Be((RecordingDownloadStatus.Failed, 1,
            "The recording URL was refused: host recordings.vapi.test resolves to loopback address 127.0.0.1."));
        var refusedHttp = await fixture.DownloadAsync(httpId);
        (refusedHttp.Status, refusedHttp.Attempts, refusedHttp.LastError).Should().Be((RecordingDownloadStatus.Failed, 1,
            "The recording URL was refused: URL must use https."));
        factory.Logs.Should().Contain(l => l.Contains("refused, not retried", StringComparison.Ordinal));
    }
}
