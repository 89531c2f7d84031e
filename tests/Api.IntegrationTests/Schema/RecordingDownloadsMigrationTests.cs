using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Domain.Attempts;
using VoiceTraining.Domain.Integrations;

namespace VoiceTraining.Api.IntegrationTests.Schema;

/// <summary>
/// The migration that moves recording downloads out of scenario_attempts, gives pending identity
/// events the lease columns and drops outbox_events, run on data in the shape before it (down to
/// the previous migration and up again, on this class's own database), and back.
/// </summary>
public sealed class RecordingDownloadsMigrationTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private const string Previous = "20261201203530_AddJobSchedules";

    private static readonly DateTimeOffset Due = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private Task MigrateAsync(string? target = null) =>
        fixture.WithDbAsync(db => db.GetService<IMigrator>().MigrateAsync(target));

    private async Task ExecuteAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(fixture.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<object?> ScalarAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(fixture.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        var result = await command.ExecuteScalarAsync();
        return result is DBNull ? null : result;
    }

    private Task InsertWaitingEventAsync(string eventId, DateTimeOffset nextAttemptAt, DateTimeOffset expiresAt) => ExecuteAsync("""
        INSERT INTO pending_identity_events (id, provider, event_id, event_type, payload, awaited_organization, attempts, received_at, next_attempt_at, expires_at, last_error)
        VALUES (gen_random_uuid(), 'clerk', @event, 'organizationMembership.created', '{}', 'org_migrated', 3, @received, @next, @expires, 'Organization org_migrated is not known yet')
        """, ("event", eventId), ("received", expiresAt.AddDays(-7)), ("next", nextAttemptAt), ("expires", expiresAt));

    [Fact]
    public async Task Download_state_moves_into_its_own_table_and_back_and_waiting_identity_events_get_their_status()
    {
        var org = await fixture.SeedOrganizationAsync();
        await MigrateAsync(Previous);

        // The shape before: the download's state on the attempt.
        await ExecuteAsync("""
            UPDATE scenario_attempts SET recording_source_url = 'https://recordings.example.test/pending.mp3', recording_status = 'Pending',
                recording_download_attempts = 2, recording_next_attempt_at = @due, recording_error = 'The provider answered 502 Bad Gateway.'
            WHERE id = @id
            """, ("id", org.TraineeAttemptId), ("due", Due));
        await ExecuteAsync("""
            UPDATE scenario_attempts SET recording_source_url = 'https://recordings.example.test/stored.wav', recording_status = 'Stored',
                recording_key = @key, recording_content_type = 'audio/wav', recording_bytes = 4096, recording_download_attempts = 1
            WHERE id = @id
            """, ("id", org.TeammateAttemptId), ("key", $"{org.Id}/{org.TeammateAttemptId}.wav"));
        await ExecuteAsync("""
            UPDATE scenario_attempts SET recording_source_url = 'https://recordings.example.test/gone.mp3', recording_status = 'Failed',
                recording_download_attempts = 7, recording_error = 'The provider answered 404 Not Found.'
            WHERE id = @id
            """, ("id", org.LonerAttemptId));
        var now = DateTimeOffset.UtcNow;
        var waiting = "evt_waiting_" + Guid.NewGuid().ToString("N");
        var givenUp = "evt_given_up_" + Guid.NewGuid().ToString("N");
        var pastKeep = "evt_past_keep_" + Guid.NewGuid().ToString("N");
        await InsertWaitingEventAsync(waiting, now.AddMinutes(8), now.AddDays(3));
        await InsertWaitingEventAsync(givenUp, now.AddDays(1), now.AddHours(2));
        await InsertWaitingEventAsync(pastKeep, now.AddDays(-2), now.AddDays(-1));

        await MigrateAsync();

        var downloads = await fixture.WithDbAsync(db => db.RecordingDownloads.IgnoreQueryFilters().AsNoTracking()
            .Where(d => d.OrgId == org.Id).ToDictionaryAsync(d => d.AttemptId));
        downloads.Keys.Should().BeEquivalentTo([org.TraineeAttemptId, org.TeammateAttemptId, org.LonerAttemptId], "one download per attempt with a recording");
        var pending = downloads[org.TraineeAttemptId];
        (pending.SourceUrl, pending.Status, pending.Attempts, pending.NextAttemptAt, pending.LastError, pending.LeaseToken)
            .Should().Be(("https://recordings.example.test/pending.mp3", RecordingDownloadStatus.Pending, 2, Due, "The provider answered 502 Bad Gateway.", (Guid?)null));
        (downloads[org.TeammateAttemptId].Status, downloads[org.TeammateAttemptId].Attempts).Should().Be((RecordingDownloadStatus.Stored, 1));
        (downloads[org.LonerAttemptId].Status, downloads[org.LonerAttemptId].Attempts, downloads[org.LonerAttemptId].LastError)
            .Should().Be((RecordingDownloadStatus.Failed, 7, "The provider answered 404 Not Found."));
        var stored = await fixture.WithDbAsync(db => db.Attempts.IgnoreQueryFilters().AsNoTracking().SingleAsync(a => a.Id == org.TeammateAttemptId));
        (stored.RecordingStatus, stored.RecordingKey, stored.RecordingContentType, stored.RecordingBytes)
            .Should().Be((RecordingStatus.Stored, $"{org.Id}/{org.TeammateAttemptId}.wav", "audio/wav", 4096L), "what the API shows stays on the attempt");

        var statuses = await fixture.WithDbAsync(db => db.PendingIdentityEvents.AsNoTracking()
            .Where(p => p.AwaitedOrganization == "org_migrated").ToDictionaryAsync(p => p.EventId, p => p.Status));
        statuses.Should().BeEquivalentTo(new Dictionary<string, PendingIdentityEventStatus>
        {
            [waiting] = PendingIdentityEventStatus.Pending,
            [givenUp] = PendingIdentityEventStatus.Expired,
            [pastKeep] = PendingIdentityEventStatus.Expired,
        });
        (await ScalarAsync("SELECT to_regclass('outbox_events')::text")).Should().BeNull("nothing read the outbox table");
        (await ScalarAsync("SELECT count(*) FROM information_schema.columns WHERE table_name = 'scenario_attempts' AND column_name LIKE 'recording_%'"))
            .Should().Be(4L, "the attempt keeps its recording's status, key, type and size");

        // And back: the download state returns to the attempts.
        await MigrateAsync(Previous);
        (await ScalarAsync("SELECT recording_next_attempt_at FROM scenario_attempts WHERE id = @id", ("id", org.TraineeAttemptId)))
            .Should().Be(Due.UtcDateTime);
        (await ScalarAsync("SELECT recording_download_attempts FROM scenario_attempts WHERE id = @id", ("id", org.LonerAttemptId))).Should().Be(7);
        (await ScalarAsync("SELECT recording_source_url FROM scenario_attempts WHERE id = @id", ("id", org.TeammateAttemptId)))
            .Should().Be("https://recordings.example.test/stored.wav");
        (await ScalarAsync("SELECT next_attempt_at >= expires_at FROM pending_identity_events WHERE event_id = @id", ("id", givenUp)))
            .Should().Be(true, "a given-up event stays out of reach of the retries without a status");
        await MigrateAsync();
    }
}
