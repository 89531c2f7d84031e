using System.Net;
using System.Net.Http.Headers;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Domain.Attempts;
using VoiceTraining.Infrastructure.Recordings;

namespace VoiceTraining.Api.IntegrationTests.Recordings;

/// <summary>
/// The recording download worker against a real HTTP recording host and the real database: it
/// copies a finished call's recording into storage, retries on the attempt's schedule, refuses
/// oversized files, and shares work between instances through leases.
/// </summary>
public sealed class RecordingDownloadWorkerTests(RecordingWorkerFixture fixture) : IClassFixture<RecordingWorkerFixture>, IAsyncLifetime
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    private RecordingServer Server => fixture.Server;

    public Task InitializeAsync() => fixture.ClearPendingDownloadsAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>One pass of the worker; a pass that hangs fails the test instead of the whole run.</summary>
    private static async Task<int> PassAsync(RecordingDownloadWorker worker, TimeSpan? within = null)
    {
        var limit = within ?? TimeSpan.FromSeconds(15);
        using var cancel = new CancellationTokenSource(limit);
        try
        {
            return await worker.RunOnceAsync(cancel.Token);
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
        using var worker = fixture.CreateWorker();

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
        stored.RecordingDownloadAttempts.Should().Be(1);
        stored.RecordingNextAttemptAt.Should().BeNull();
        stored.RecordingError.Should().BeNull();

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
        using var worker = fixture.CreateWorker();

        (await PassAsync(worker)).Should().Be(1);

        Server.RequestsTo(url).Should().Be(2, "the 500 is retried by the HTTP pipeline");
        var stored = await fixture.AttemptAsync(attemptId);
        stored.RecordingStatus.Should().Be(RecordingStatus.Stored, "the logs say: {0}", fixture.RecentLogs);
        stored.RecordingDownloadAttempts.Should().Be(1, "one pass is one try on the attempt's schedule");
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
        using var worker = fixture.CreateWorker();
        var delays = Attempt.RecordingRetryDelays;

        (await PassAsync(worker)).Should().Be(1, "the download is due as soon as the call ends");
        for (var i = 0; i < delays.Length; i++)
        {
            var failed = await fixture.AttemptAsync(attemptId);
            failed.RecordingStatus.Should().Be(RecordingStatus.Pending);
            failed.RecordingDownloadAttempts.Should().Be(i + 1);
            failed.RecordingError.Should().Contain("404");
            failed.RecordingNextAttemptAt.Should().Be(fixture.ManualClock.GetUtcNow() + delays[i], "try {0} waits {1}", i + 2, delays[i]);

            fixture.ManualClock.Advance(delays[i] - OneSecond);
            (await PassAsync(worker)).Should().Be(0, "try {0} is not due a second before its time", i + 2);
            fixture.ManualClock.Advance(OneSecond);
            (await PassAsync(worker)).Should().Be(1, "try {0} is due after {1}", i + 2, delays[i]);
        }

        var given = await fixture.AttemptAsync(attemptId);
        given.RecordingStatus.Should().Be(RecordingStatus.Failed);
        given.RecordingDownloadAttempts.Should().Be(delays.Length + 1);
        given.RecordingNextAttemptAt.Should().BeNull();
        given.RecordingKey.Should().BeNull();
        fixture.ManualClock.Advance(TimeSpan.FromDays(30));
        (await PassAsync(worker)).Should().Be(0, "a failed recording is not tried again");
        Server.RequestsTo(url).Should().Be(delays.Length + 1, "404 is not retried within a pass");

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
        using var worker = fixture.CreateWorker();
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

        var failed = await fixture.AttemptAsync(attemptId);
        failed.RecordingStatus.Should().Be(RecordingStatus.Pending, "a timeout is a failed try, not the worker's end");
        failed.RecordingDownloadAttempts.Should().Be(1);
        failed.RecordingError.Should().NotBeNullOrWhiteSpace();
        failed.RecordingNextAttemptAt.Should().Be(fixture.ManualClock.GetUtcNow() + Attempt.RecordingRetryDelays[0]);
        fixture.StoredFiles(org.Id, attemptId).Should().BeEmpty();

        fixture.ManualClock.Advance(Attempt.RecordingRetryDelays[0]);
        (await PassAsync(worker)).Should().Be(1);

        (await fixture.AttemptAsync(attemptId)).RecordingStatus.Should().Be(RecordingStatus.Stored);
        Server.RequestsTo(url).Should().Be(2);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/recordings/call.mp3")]
    [InlineData("/recordings/call.mp3")]
    public async Task A_recording_url_that_cannot_be_fetched_is_a_failed_try_and_does_not_hold_up_the_others(string badUrl)
    {
        var org = await fixture.SeedOrganizationAsync();
        var badId = await fixture.CompletedCallWithRecordingAsync(org.Trainee, org.PublishedScenarioId, badUrl);
        fixture.ManualClock.Advance(OneSecond);
        var audio = RecordingServer.AudioBytes(1024);
        var goodUrl = Server.Serve("call.mp3", Reply.Audio(audio));
        var goodId = await fixture.CompletedCallWithRecordingAsync(org.Teammate, org.PublishedScenarioId, goodUrl);
        using var worker = fixture.CreateWorker();

        var pass = await FluentActions.Awaiting(() => PassAsync(worker))
            .Should().NotThrowAsync("a bad URL is one attempt's problem, not the pass's");

        pass.Subject.Should().Be(2);
        (await fixture.AttemptAsync(goodId)).RecordingStatus.Should().Be(RecordingStatus.Stored, "the download claimed after the bad one still runs");
        var bad = await fixture.AttemptAsync(badId);
        bad.RecordingDownloadAttempts.Should().Be(1, "the bad URL counts as a failed try, so it is eventually given up");
        bad.RecordingError.Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task A_host_that_stalls_in_the_middle_of_the_recording_times_out_like_one_that_does_not_answer()
    {
        // The client's timeout is the download's (3 minutes in production): it must cover the body, not only the headers.
        var org = await fixture.SeedOrganizationAsync();
        var audio = RecordingServer.AudioBytes(4000);
        var url = Server.Serve("call.mp3", Reply.Audio(audio, stallAfter: 1000), Reply.Audio(audio));
        var attemptId = await fixture.CompletedCallWithRecordingAsync(org.Trainee, org.PublishedScenarioId, url);
        using var worker = fixture.CreateWorker();
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

        var failed = await fixture.AttemptAsync(attemptId);
        failed.RecordingStatus.Should().Be(RecordingStatus.Pending);
        failed.RecordingDownloadAttempts.Should().Be(1);
        failed.RecordingNextAttemptAt.Should().Be(fixture.ManualClock.GetUtcNow() + Attempt.RecordingRetryDelays[0]);
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
        using var worker = fixture.CreateWorker(new RecordingOptions { MaxBytes = limit });

        (await PassAsync(worker)).Should().Be(1);

        var refused = await fixture.AttemptAsync(attemptId);
        refused.RecordingStatus.Should().NotBe(RecordingStatus.Stored);
        refused.RecordingError.Should().Contain($"larger than {limit} bytes");
        fixture.StoredFiles(org.Id, attemptId).Should().BeEmpty();
    }

    [Fact]
    public async Task A_recording_that_turns_out_larger_than_the_limit_while_streaming_is_refused()
    {
        var org = await fixture.SeedOrganizationAsync();
        const int limit = 4096;
        var url = Server.Serve("long.mp3", Reply.Audio(RecordingServer.AudioBytes(3 * limit), declareLength: false));
        var attemptId = await fixture.CompletedCallWithRecordingAsync(org.Trainee, org.PublishedScenarioId, url);
        using var worker = fixture.CreateWorker(new RecordingOptions { MaxBytes = limit });

        (await PassAsync(worker)).Should().Be(1);

        var refused = await fixture.AttemptAsync(attemptId);
        refused.RecordingStatus.Should().NotBe(RecordingStatus.Stored);
        refused.RecordingKey.Should().BeNull();
        refused.RecordingBytes.Should().BeNull();
        refused.RecordingError.Should().Contain($"larger than {limit} bytes");
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
        using var worker = fixture.CreateWorker(new RecordingOptions { MaxBytes = limit });

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
        var options = new RecordingOptions { BatchSize = 2, Lease = fixture.AppOptions.Lease, MaxBytes = fixture.AppOptions.MaxBytes };
        var workers = Enumerable.Range(0, workerCount).Select(_ => fixture.CreateWorker(options)).ToList();

        async Task<int> DrainAsync(RecordingDownloadWorker worker)
        {
            var handled = 0;
            int batch;
            while ((batch = await PassAsync(worker)) > 0) handled += batch;
            return handled;
        }
        int[] handled;
        try
        {
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var runs = workers.Select(w => Task.Run(async () =>
            {
                await go.Task;
                return await DrainAsync(w);
            })).ToList();
            go.SetResult();
            handled = await Task.WhenAll(runs);
        }
        finally
        {
            foreach (var worker in workers) worker.Dispose();
        }

        overlap.Task.IsCompletedSuccessfully.Should().BeTrue("every worker had a download in flight at once");
        urls.Select(Server.RequestsTo).Should().AllBeEquivalentTo(1, "each recording is downloaded once (requests: {0})", string.Join(", ", urls.Select(Server.RequestsTo)));
        handled.Sum().Should().Be(urls.Count, "each claim is handled by one worker (per worker: {0})", string.Join(", ", handled));
        handled.Should().OnlyContain(h => h > 0, "the workers shared the work");
        foreach (var id in attemptIds)
        {
            var stored = await fixture.AttemptAsync(id);
            stored.RecordingStatus.Should().Be(RecordingStatus.Stored);
            stored.RecordingDownloadAttempts.Should().Be(1);
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
        using (var crashing = fixture.CreateWorker())
        using (var death = new CancellationTokenSource())
        {
            var run = crashing.RunOnceAsync(death.Token);
            await arrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
            await death.CancelAsync();
            await FluentActions.Awaiting(() => run).Should().ThrowAsync<OperationCanceledException>();
        }
        var orphaned = await fixture.AttemptAsync(attemptId);
        orphaned.RecordingStatus.Should().Be(RecordingStatus.Pending);
        orphaned.RecordingDownloadAttempts.Should().Be(0, "the dead worker recorded nothing");
        orphaned.RecordingNextAttemptAt.Should().Be(fixture.ManualClock.GetUtcNow() + lease, "a claim is a lease");

        using var survivor = fixture.CreateWorker();
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
}
