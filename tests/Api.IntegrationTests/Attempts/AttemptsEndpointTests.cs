using System.Net;
using System.Text.Json;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Domain.Attempts;

namespace VoiceTraining.Api.IntegrationTests.Attempts;

/// <summary>Attempts are read-only through the API; the seed inserts them directly.</summary>
public sealed class AttemptsEndpointTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private SeededOrganization A => fixture.OrgA;

    [Fact]
    public async Task Trainees_list_only_their_own_attempts()
    {
        var page = await fixture.ClientFor(A.Trainee).GetJsonAsync("/api/attempts");

        page.ItemIds().Should().Equal(A.TraineeAttemptId);
        var attempt = page.Items()[0];
        attempt.Id("memberId").Should().Be(A.Trainee.Id);
        attempt.Str("memberName").Should().Be(A.Trainee.Name);
        attempt.Id("scenarioId").Should().Be(A.PublishedScenarioId);
        attempt.Str("scenarioTitle").Should().Be($"{A.Marker} Cold call");
        attempt.Id("assignmentId").Should().Be(A.TraineeAssignmentId);
        attempt.Str("status").Should().Be("in_progress");
        attempt.IsNull("score").Should().BeTrue();
        attempt.IsNull("durationSeconds").Should().BeTrue();
    }

    [Fact]
    public async Task Trainees_cannot_read_someone_elses_attempt_even_by_filter()
    {
        var client = fixture.ClientFor(A.Trainee);

        using var teammates = await client.GetAsync($"/api/attempts/{A.TeammateAttemptId}");
        var filtered = await client.GetJsonAsync($"/api/attempts?memberId={A.Teammate.Id}");

        await teammates.ShouldBeProblem(HttpStatusCode.NotFound);
        filtered.Int("totalCount").Should().Be(0);
    }

    [Fact]
    public async Task Managers_see_their_own_and_their_teams_attempts()
    {
        var page = await fixture.ClientFor(A.Manager).GetJsonAsync("/api/attempts");

        page.ItemIds().Should().Equal(A.ManagerAttemptId, A.TeammateAttemptId, A.TraineeAttemptId);
        using var loner = await fixture.ClientFor(A.Manager).GetAsync($"/api/attempts/{A.LonerAttemptId}");
        await loner.ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Managers_see_attempts_on_assignments_they_made_outside_their_team()
    {
        var org = await fixture.SeedOrganizationAsync();
        // An attempt by the loner (no manager) on an assignment the manager made.
        var assignmentId = Guid.Empty;
        var attemptId = await fixture.WithDbAsync(async db =>
        {
            var assignment = new VoiceTraining.Domain.Assignments.Assignment(org.Id, org.Loner.Id, org.SecondScenarioId, null, org.Manager.Id, null, DateTimeOffset.UtcNow);
            var attempt = new Attempt(org.Id, org.Loner.Id, org.SecondScenarioId, assignment.Id, DateTimeOffset.UtcNow);
            db.Assignments.Add(assignment);
            db.Attempts.Add(attempt);
            await db.SaveChangesAsync();
            assignmentId = assignment.Id;
            return attempt.Id;
        });

        var page = await fixture.ClientFor(org.Manager).GetJsonAsync("/api/attempts");
        var attempt = await fixture.ClientFor(org.Manager).GetJsonAsync($"/api/attempts/{attemptId}");

        page.ItemIds().Should().Contain(attemptId).And.NotContain(org.LonerAttemptId);
        attempt.Id("assignmentId").Should().Be(assignmentId);
    }

    [Fact]
    public async Task Admins_see_every_attempt_of_their_organization()
    {
        var page = await fixture.ClientFor(A.Admin).GetJsonAsync("/api/attempts");

        page.ItemIds().Should().Equal(A.ManagerAttemptId, A.LonerAttemptId, A.TeammateAttemptId, A.TraineeAttemptId);
        page.ToString().Should().NotContain(fixture.OrgB.Marker);
    }

    [Fact]
    public async Task The_list_filters_and_sorts()
    {
        var client = fixture.ClientFor(A.Admin);

        (await client.GetJsonAsync($"/api/attempts?memberId={A.Loner.Id}")).ItemIds().Should().Equal(A.LonerAttemptId);
        (await client.GetJsonAsync($"/api/attempts?scenarioId={A.SecondScenarioId}")).ItemIds().Should().Equal(A.TeammateAttemptId);
        (await client.GetJsonAsync($"/api/attempts?assignmentId={A.TraineeAssignmentId}")).ItemIds().Should().Equal(A.TraineeAttemptId);
        (await client.GetJsonAsync("/api/attempts?status=in_progress")).Int("totalCount").Should().Be(4);
        (await client.GetJsonAsync("/api/attempts?status=completed")).Int("totalCount").Should().Be(0);
        (await client.GetJsonAsync("/api/attempts?sort=oldest&pageSize=1")).ItemIds().Should().Equal(A.TraineeAttemptId);
        var future = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O"));
        (await client.GetJsonAsync($"/api/attempts?from={future}")).Int("totalCount").Should().Be(0);
        (await client.GetJsonAsync($"/api/attempts?to={future}")).Int("totalCount").Should().Be(4);
    }

    [Theory]
    [InlineData("status=done", "status")]
    [InlineData("sort=best", "sort")]
    [InlineData("pageSize=1000", "pageSize")]
    [InlineData("from=yesterday", "from")]
    [InlineData("from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "to")]
    public async Task Bad_list_parameters_are_validation_errors(string query, string field)
    {
        using var response = await fixture.ClientFor(A.Admin).GetAsync("/api/attempts?" + query);

        await response.ShouldBeValidationProblem(field);
    }

    [Fact]
    public async Task An_attempt_is_read_with_its_details()
    {
        var attempt = await fixture.ClientFor(A.Trainee).GetJsonAsync($"/api/attempts/{A.TraineeAttemptId}");

        attempt.Id().Should().Be(A.TraineeAttemptId);
        attempt.Str("status").Should().Be("in_progress");
        attempt.Str("scenarioTitle").Should().Be($"{A.Marker} Cold call");
        attempt.Int("passingThreshold").Should().Be(70);
        attempt.GetProperty("transcript").GetArrayLength().Should().Be(0);
        attempt.GetProperty("criterionScores").GetArrayLength().Should().Be(0);
        attempt.GetProperty("kpis").ValueKind.Should().Be(JsonValueKind.Object);
        attempt.IsNull("score").Should().BeTrue();
        attempt.IsNull("recordingUrl").Should().BeTrue();
    }

    [Fact]
    public async Task Unknown_and_foreign_attempts_are_404()
    {
        using var unknown = await fixture.ClientFor(A.Admin).GetAsync($"/api/attempts/{Guid.NewGuid()}");
        using var foreign = await fixture.ClientFor(A.Admin).GetAsync($"/api/attempts/{fixture.OrgB.TraineeAttemptId}");

        await unknown.ShouldBeProblem(HttpStatusCode.NotFound);
        (await foreign.ShouldBeProblem(HttpStatusCode.NotFound)).ToString().Should().NotContain(fixture.OrgB.Marker);
    }

    [Theory]
    [InlineData("POST", "/api/attempts")]
    [InlineData("PUT", "/api/attempts/{id}")]
    [InlineData("DELETE", "/api/attempts/{id}")]
    public async Task Attempts_cannot_be_written_through_the_api(string method, string url)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url.Replace("{id}", A.TraineeAttemptId.ToString(), StringComparison.Ordinal));
        if (method != "DELETE") request.Content = ClientHttp.JsonBody(new { memberId = A.Trainee.Id, scenarioId = A.PublishedScenarioId });

        using var response = await fixture.ClientFor(A.Admin).SendAsync(request);

        await response.ShouldBeProblem(HttpStatusCode.MethodNotAllowed);
        (await fixture.ClientFor(A.Admin).GetJsonAsync("/api/attempts")).Int("totalCount").Should().Be(4);
    }
}
