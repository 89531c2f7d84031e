using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Infrastructure.Workers.Scheduling;

namespace VoiceTraining.Api.IntegrationTests.Workers;

/// <summary>The API on a <see cref="ManualClock"/>; its own job host is off (as in every fixture), tests run hosts one pass at a time.</summary>
public sealed class ScheduledJobFixture : ApiFixture
{
    public ManualClock ManualClock { get; } = new();

    public override TimeProvider? Clock => ManualClock;

    /// <summary>
    /// A job host as another instance would run it: its own schedule store on the same database.
    /// Instances share nothing but the database, so two of these behave as two processes.
    /// </summary>
    internal ScheduledJobHost Instance(params IScheduledJob[] jobs) =>
        new(jobs, Schedules(), ManualClock, NullLogger<ScheduledJobHost>.Instance);

    internal JobSchedules Schedules() => new(Factory.Services.GetRequiredService<NpgsqlDataSource>(), ManualClock);

    public Task<JobSchedule?> ScheduleOfAsync(string name) =>
        WithDbAsync(db => db.JobSchedules.AsNoTracking().SingleOrDefaultAsync(s => s.Name == name));
}

/// <summary>Scheduled scans run once across instances: one claim per due run, back-off after failures.</summary>
public sealed class ScheduledJobTests(ScheduledJobFixture fixture) : IClassFixture<ScheduledJobFixture>
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    /// <summary>Counts its runs; fails while <see cref="Failing"/> is set.</summary>
    private sealed class CountingJob(string name, TimeSpan interval) : IScheduledJob
    {
        private int _runs;

        public string Name => name;
        public TimeSpan Interval => interval;
        public int Runs => Volatile.Read(ref _runs);
        public bool Failing { get; set; }

        public Task RunAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _runs);
            return Failing ? throw new InvalidOperationException("the scan broke") : Task.CompletedTask;
        }
    }

    private static string NewName() => "test-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task A_due_run_is_claimed_by_one_instance_and_the_next_is_due_an_interval_later()
    {
        var job = new CountingJob(NewName(), Hour);
        var first = fixture.Instance(job);
        var second = fixture.Instance(job);

        (await first.RunIfDueAsync(job, CancellationToken.None)).Should().BeTrue("a job seen for the first time is due at once");
        (await second.RunIfDueAsync(job, CancellationToken.None)).Should().BeFalse("the other instance already ran it");
        job.Runs.Should().Be(1);

        var schedule = await fixture.ScheduleOfAsync(job.Name);
        schedule!.LeaseToken.Should().BeNull("the run is settled");
        schedule.LastRunAt.Should().Be(fixture.ManualClock.GetUtcNow());
        schedule.NextRunAt.Should().Be(fixture.ManualClock.GetUtcNow() + Hour);

        fixture.ManualClock.Advance(Hour - TimeSpan.FromSeconds(1));
        (await second.RunIfDueAsync(job, CancellationToken.None)).Should().BeFalse("not due yet");
        fixture.ManualClock.Advance(TimeSpan.FromSeconds(1));
        (await second.RunIfDueAsync(job, CancellationToken.None)).Should().BeTrue("due: whichever instance looks first runs it");
        (await first.RunIfDueAsync(job, CancellationToken.None)).Should().BeFalse();
        job.Runs.Should().Be(2);
    }

    [Fact]
    public async Task A_held_run_is_not_claimed_twice_until_its_lease_runs_out()
    {
        var name = NewName();
        var schedules = fixture.Schedules();
        var token = await schedules.TryClaimAsync(name, TimeSpan.FromMinutes(10), CancellationToken.None);
        token.Should().NotBeNull();

        (await fixture.Schedules().TryClaimAsync(name, TimeSpan.FromMinutes(10), CancellationToken.None)).Should().BeNull("another instance holds it");
        fixture.ManualClock.Advance(TimeSpan.FromMinutes(10));
        var taken = await fixture.Schedules().TryClaimAsync(name, TimeSpan.FromMinutes(10), CancellationToken.None);
        taken.Should().NotBeNull("the holder crashed: its lease ran out");
        taken.Should().NotBe(token!.Value);

        // The crashed holder's late result is not written over the new holder's run.
        await schedules.CompleteAsync(name, token!.Value, Hour, CancellationToken.None);
        (await fixture.ScheduleOfAsync(name))!.LeaseToken.Should().Be(taken);
    }

    [Fact]
    public async Task A_failed_run_is_tried_again_after_a_back_off_that_doubles_up_to_the_interval()
    {
        var job = new CountingJob(NewName(), TimeSpan.FromSeconds(30)) { Failing = true };
        var host = fixture.Instance(job);

        (await host.RunIfDueAsync(job, CancellationToken.None)).Should().BeTrue();
        var schedule = await fixture.ScheduleOfAsync(job.Name);
        schedule!.Failures.Should().Be(1);
        schedule.LastError.Should().Be("the scan broke");
        schedule.NextRunAt.Should().Be(fixture.ManualClock.GetUtcNow() + JobSchedules.FirstRetryDelay);

        fixture.ManualClock.Advance(JobSchedules.FirstRetryDelay);
        await host.RunIfDueAsync(job, CancellationToken.None);
        (await fixture.ScheduleOfAsync(job.Name))!.NextRunAt.Should().Be(fixture.ManualClock.GetUtcNow() + 2 * JobSchedules.FirstRetryDelay);

        fixture.ManualClock.Advance(2 * JobSchedules.FirstRetryDelay);
        await host.RunIfDueAsync(job, CancellationToken.None);
        (await fixture.ScheduleOfAsync(job.Name))!.NextRunAt.Should().Be(fixture.ManualClock.GetUtcNow() + job.Interval, "never later than the interval");

        job.Failing = false;
        fixture.ManualClock.Advance(job.Interval);
        await host.RunIfDueAsync(job, CancellationToken.None);
        schedule = await fixture.ScheduleOfAsync(job.Name);
        schedule!.Failures.Should().Be(0);
        schedule.LastError.Should().BeNull();
        job.Runs.Should().Be(4);
    }

    [Fact]
    public void The_overdue_and_digest_scans_and_the_deleted_member_recording_purge_are_scheduled_jobs()
    {
        fixture.Factory.Services.GetServices<IScheduledJob>().Select(j => j.Name)
            .Should().BeEquivalentTo("overdue-assignments", "manager-digests", "deleted-member-recordings", "voice-provider-health", "voice-session-watchdog");
    }
}
