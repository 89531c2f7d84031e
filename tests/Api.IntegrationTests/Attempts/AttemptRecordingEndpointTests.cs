using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Domain.Attempts;

namespace VoiceTraining.Api.IntegrationTests.Attempts;

public sealed class AttemptRecordingEndpointTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    /// <summary>Marks the attempt's recording stored under its key and writes the file where the app's storage finds it.</summary>
    private async Task<byte[]> StoreRecordingAsync(Guid orgId, Guid attemptId, bool writeFile = true)
    {
        var key = $"{orgId}/{attemptId}.wav";
        var bytes = Enumerable.Range(0, 4096).Select(i => (byte)(i % 251)).ToArray();
        if (writeFile)
        {
            var path = Path.Combine(fixture.Factory.StorageRoot, orgId.ToString(), $"{attemptId}.wav");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, bytes);
        }
        await fixture.WithDbAsync(async db =>
        {
            var attempt = await db.Attempts.IgnoreQueryFilters().SingleAsync(a => a.Id == attemptId);
            attempt.RecordingStored(key, "audio/wav", bytes.Length, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        });
        return bytes;
    }

    [Fact]
    public async Task A_stored_recording_is_streamed_to_the_attempts_owner()
    {
        var org = await fixture.SeedOrganizationAsync();
        var bytes = await StoreRecordingAsync(org.Id, org.TraineeAttemptId);
        var client = fixture.ClientFor(org.Trainee);

        var attempt = await client.GetJsonAsync($"/api/attempts/{org.TraineeAttemptId}");
        attempt.Str("recordingStatus").Should().Be("stored");
        var url = attempt.Str("recordingUrl");
        url.Should().Be($"/api/attempts/{org.TraineeAttemptId}/recording");

        using var response = await client.GetAsync(url);

        await response.ShouldHaveStatus(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("audio/wav");
        (await response.Content.ReadAsByteArrayAsync()).Should().Equal(bytes);
        response.Headers.AcceptRanges.Should().Contain("bytes");
    }

    [Fact]
    public async Task Range_requests_return_part_of_the_recording()
    {
        var org = await fixture.SeedOrganizationAsync();
        var bytes = await StoreRecordingAsync(org.Id, org.TraineeAttemptId);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/attempts/{org.TraineeAttemptId}/recording");
        request.Headers.Range = new RangeHeaderValue(100, 199);

        using var response = await fixture.ClientFor(org.Manager).SendAsync(request);

        await response.ShouldHaveStatus(HttpStatusCode.PartialContent);
        response.Content.Headers.ContentRange!.ToString().Should().Be($"bytes 100-199/{bytes.Length}");
        (await response.Content.ReadAsByteArrayAsync()).Should().Equal(bytes[100..200]);
    }

    [Fact]
    public async Task Members_who_cannot_see_the_attempt_cannot_hear_it()
    {
        var org = await fixture.SeedOrganizationAsync();
        await StoreRecordingAsync(org.Id, org.LonerAttemptId);

        using var trainee = await fixture.ClientFor(org.Trainee).GetAsync($"/api/attempts/{org.LonerAttemptId}/recording");
        using var manager = await fixture.ClientFor(org.Manager).GetAsync($"/api/attempts/{org.LonerAttemptId}/recording");
        using var otherOrg = await fixture.ClientFor(fixture.OrgB.Admin).GetAsync($"/api/attempts/{org.LonerAttemptId}/recording");
        using var admin = await fixture.ClientFor(org.Admin).GetAsync($"/api/attempts/{org.LonerAttemptId}/recording");

        await trainee.ShouldBeProblem(HttpStatusCode.NotFound);
        await manager.ShouldBeProblem(HttpStatusCode.NotFound);
        await otherOrg.ShouldBeProblem(HttpStatusCode.NotFound);
        await admin.ShouldHaveStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_attempt_without_a_stored_recording_answers_404()
    {
        var org = await fixture.SeedOrganizationAsync();

        using var response = await fixture.ClientFor(org.Trainee).GetAsync($"/api/attempts/{org.TraineeAttemptId}/recording");

        (await response.ShouldBeProblem(HttpStatusCode.NotFound)).Str("detail").Should().Contain("Recording");
    }

    [Fact]
    public async Task A_recording_missing_from_storage_answers_404()
    {
        var org = await fixture.SeedOrganizationAsync();
        await StoreRecordingAsync(org.Id, org.TraineeAttemptId, writeFile: false);

        using var response = await fixture.ClientFor(org.Trainee).GetAsync($"/api/attempts/{org.TraineeAttemptId}/recording");

        (await response.ShouldBeProblem(HttpStatusCode.NotFound)).Str("detail").Should().Be("The recording file is missing from storage.");
    }

    [Fact]
    public async Task Unknown_attempts_and_anonymous_callers_get_no_recording()
    {
        using var unknown = await fixture.ClientFor(fixture.OrgA.Admin).GetAsync($"/api/attempts/{Guid.NewGuid()}/recording");
        using var anonymous = await fixture.Anonymous().GetAsync($"/api/attempts/{fixture.OrgA.TraineeAttemptId}/recording");

        await unknown.ShouldBeProblem(HttpStatusCode.NotFound);
        await anonymous.ShouldBeProblem(HttpStatusCode.Unauthorized);
    }
}
