using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Api.IntegrationTests.Infrastructure;

namespace VoiceTraining.Api.IntegrationTests.TenantIsolation;

/// <summary>
/// A stored call recording is heard only by those who may see its attempt: the member, their
/// manager and the organization's admins. Everyone else gets the same 404 as for an attempt that
/// does not exist, with or without a Range header.
/// </summary>
public sealed class RecordingIsolationTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    /// <summary>Stores a recording for the trainee's seeded attempt in a new organization (file and row, as the worker leaves them).</summary>
    private async Task<(SeededOrganization Org, byte[] Audio)> TraineeRecordingAsync()
    {
        var org = await fixture.SeedOrganizationAsync();
        return (org, await StoreRecordingAsync(org, org.TraineeAttemptId));
    }

    private async Task<byte[]> StoreRecordingAsync(SeededOrganization org, Guid attemptId)
    {
        var audio = RecordingServer.AudioBytes(2048, seed: 3);
        var key = $"{org.Id}/{attemptId}.mp3";
        var path = Path.Combine(fixture.Factory.StorageRoot, org.Id.ToString(), $"{attemptId}.mp3");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, audio);
        await fixture.WithDbAsync(async db =>
        {
            var attempt = await db.Attempts.IgnoreQueryFilters().SingleAsync(a => a.Id == attemptId);
            attempt.RecordingStored(key, "audio/mpeg", audio.Length, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        });
        return audio;
    }

    private static async Task<HttpResponseMessage> GetRecordingAsync(HttpClient client, Guid attemptId, bool range)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/attempts/{attemptId}/recording");
        if (range) request.Headers.Range = new RangeHeaderValue(0, 9);
        return await client.SendAsync(request);
    }

    private SeededMember Caller(SeededOrganization org, string who) => who switch
    {
        "other-org-admin" => fixture.OrgB.Admin,
        "other-org-manager" => fixture.OrgB.Manager,
        "other-org-trainee" => fixture.OrgB.Trainee,
        "teammate" => org.Teammate,
        "loner" => org.Loner,
        _ => throw new ArgumentOutOfRangeException(nameof(who)),
    };

    [Theory]
    [InlineData("other-org-admin", false)]
    [InlineData("other-org-admin", true)]
    [InlineData("other-org-manager", false)]
    [InlineData("other-org-trainee", true)]
    [InlineData("teammate", false)]
    [InlineData("teammate", true)]
    [InlineData("loner", false)]
    public async Task Members_who_may_not_see_the_attempt_get_the_404_of_a_missing_one(string who, bool range)
    {
        var (org, _) = await TraineeRecordingAsync();
        var client = fixture.ClientFor(Caller(org, who));
        var unknownId = Guid.NewGuid();

        using var response = await GetRecordingAsync(client, org.TraineeAttemptId, range);
        using var unknown = await GetRecordingAsync(client, unknownId, range);

        var problem = await response.ShouldBeProblem(HttpStatusCode.NotFound);
        var missing = await unknown.ShouldBeProblem(HttpStatusCode.NotFound);
        response.Content.Headers.ContentRange.Should().BeNull();
        response.Content.Headers.ContentType!.MediaType.Should().NotStartWith("audio/");
        problem.Str("detail").Replace(org.TraineeAttemptId.ToString(), "{id}").Should().Be(missing.Str("detail").Replace(unknownId.ToString(), "{id}"),
            "the answer must not tell an existing attempt from a missing one");
        problem.Str("title").Should().Be(missing.Str("title"));
        using var attempt = await client.GetAsync($"/api/attempts/{org.TraineeAttemptId}");
        await attempt.ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_trainees_manager_hears_the_recording()
    {
        var (org, audio) = await TraineeRecordingAsync();
        var client = fixture.ClientFor(org.Manager);

        using var whole = await GetRecordingAsync(client, org.TraineeAttemptId, range: false);
        using var part = await GetRecordingAsync(client, org.TraineeAttemptId, range: true);

        await whole.ShouldHaveStatus(HttpStatusCode.OK);
        (await whole.Content.ReadAsByteArrayAsync()).Should().Equal(audio);
        await part.ShouldHaveStatus(HttpStatusCode.PartialContent);
        part.Content.Headers.ContentRange!.ToString().Should().Be($"bytes 0-9/{audio.Length}");
    }

    [Fact]
    public async Task The_trainee_and_the_admin_hear_the_recording()
    {
        var (org, audio) = await TraineeRecordingAsync();

        using var own = await GetRecordingAsync(fixture.ClientFor(org.Trainee), org.TraineeAttemptId, range: false);
        using var admin = await GetRecordingAsync(fixture.ClientFor(org.Admin), org.TraineeAttemptId, range: false);

        await own.ShouldHaveStatus(HttpStatusCode.OK);
        (await own.Content.ReadAsByteArrayAsync()).Should().Equal(audio);
        await admin.ShouldHaveStatus(HttpStatusCode.OK);
        (await admin.Content.ReadAsByteArrayAsync()).Should().Equal(audio);
    }

    [Fact]
    public async Task A_manager_loses_access_when_the_member_leaves_the_team()
    {
        // The teammate's seeded attempt is on no assignment: the manager sees it only as the teammate's manager.
        var org = await fixture.SeedOrganizationAsync();
        await StoreRecordingAsync(org, org.TeammateAttemptId);
        var manager = fixture.ClientFor(org.Manager);
        using (var before = await GetRecordingAsync(manager, org.TeammateAttemptId, range: false))
            await before.ShouldHaveStatus(HttpStatusCode.OK);
        await fixture.WithDbAsync(db => db.Database.ExecuteSqlInterpolatedAsync($"UPDATE members SET manager_id = NULL WHERE id = {org.Teammate.Id}"));

        using var after = await GetRecordingAsync(manager, org.TeammateAttemptId, range: false);

        await after.ShouldBeProblem(HttpStatusCode.NotFound);
    }
}
