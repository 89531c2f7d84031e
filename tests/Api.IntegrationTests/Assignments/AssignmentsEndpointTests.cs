using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Domain.Assignments;

namespace VoiceTraining.Api.IntegrationTests.Assignments;

/// <summary>
/// Organization A is only read here (its lists are asserted exactly); tests that create, change or
/// delete assignments work in a private organization.
/// </summary>
public sealed class AssignmentsEndpointTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private SeededOrganization A => fixture.OrgA;

    private static string Future(int days) => DateTimeOffset.UtcNow.AddDays(days).ToString("O");

    // ---- GET /api/assignments ---------------------------------------------------------------

    [Fact]
    public async Task Trainees_list_their_own_assignments_by_default()
    {
        var page = await fixture.ClientFor(A.Trainee).GetJsonAsync("/api/assignments");

        page.ItemIds().Should().Equal(A.TraineeTrackAssignmentId, A.TraineeAssignmentId);
        page.Int("totalCount").Should().Be(2);
        var scenarioAssignment = page.Items()[1];
        scenarioAssignment.Id("memberId").Should().Be(A.Trainee.Id);
        scenarioAssignment.Str("memberName").Should().Be(A.Trainee.Name);
        scenarioAssignment.Id("scenarioId").Should().Be(A.PublishedScenarioId);
        scenarioAssignment.Str("scenarioTitle").Should().Be($"{A.Marker} Cold call");
        scenarioAssignment.IsNull("trackId").Should().BeTrue();
        scenarioAssignment.IsNull("trackTitle").Should().BeTrue();
        scenarioAssignment.Id("assignedById").Should().Be(A.Manager.Id);
        scenarioAssignment.Str("status").Should().Be("pending");
        scenarioAssignment.GetProperty("dueAt").GetDateTimeOffset().Should().BeCloseTo(DateTimeOffset.UtcNow.AddDays(7), TimeSpan.FromMinutes(10));
        scenarioAssignment.IsNull("completedAt").Should().BeTrue();
        var trackAssignment = page.Items()[0];
        trackAssignment.Id("trackId").Should().Be(A.TrackId);
        trackAssignment.Str("trackTitle").Should().Be($"{A.Marker} Onboarding");
        trackAssignment.IsNull("scenarioId").Should().BeTrue();
    }

    [Fact]
    public async Task Trainees_cannot_widen_the_scope()
    {
        var client = fixture.ClientFor(A.Trainee);

        using var team = await client.GetAsync("/api/assignments?scope=team");
        using var all = await client.GetAsync("/api/assignments?scope=all");

        (await team.ShouldBeProblem(HttpStatusCode.Forbidden)).Str("detail").Should().Contain("own assignments");
        await all.ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Managers_see_their_team_and_what_they_assigned_by_default()
    {
        var client = fixture.ClientFor(A.Manager);

        var team = await client.GetJsonAsync("/api/assignments");
        var mine = await client.GetJsonAsync("/api/assignments?scope=mine");
        using var all = await client.GetAsync("/api/assignments?scope=all");

        team.ItemIds().Should().Equal(A.CompletedAssignmentId, A.OverdueAssignmentId, A.TraineeTrackAssignmentId, A.TraineeAssignmentId);
        mine.Int("totalCount").Should().Be(0);
        (await all.ShouldBeProblem(HttpStatusCode.Forbidden)).Str("detail").Should().Contain("Only admins");
    }

    [Fact]
    public async Task Admins_see_every_assignment_by_default()
    {
        var client = fixture.ClientFor(A.Admin);

        var all = await client.GetJsonAsync("/api/assignments");
        var oldest = await client.GetJsonAsync("/api/assignments?sort=oldest&pageSize=2");
        var team = await client.GetJsonAsync("/api/assignments?scope=team");

        all.ItemIds().Should().Equal(A.LonerAssignmentId, A.CompletedAssignmentId, A.OverdueAssignmentId, A.TraineeTrackAssignmentId, A.TraineeAssignmentId);
        all.ToString().Should().NotContain(fixture.OrgB.Marker);
        oldest.ItemIds().Should().Equal(A.TraineeAssignmentId, A.TraineeTrackAssignmentId);
        oldest.Int("totalPages").Should().Be(3);
        team.ItemIds().Should().Equal(A.LonerAssignmentId);
    }

    [Fact]
    public async Task A_pending_assignment_past_its_due_date_reads_overdue()
    {
        var assignment = await fixture.ClientFor(A.Manager).GetJsonAsync($"/api/assignments/{A.OverdueAssignmentId}");

        assignment.Str("status").Should().Be("overdue");
        assignment.GetProperty("dueAt").GetDateTimeOffset().Should().BeBefore(DateTimeOffset.UtcNow);
        // Stored as pending: overdue is computed from the clock.
        (await StoredAsync(A.OverdueAssignmentId))!.Status.Should().Be(AssignmentStatus.Pending);
    }

    [Fact]
    public async Task The_status_filter_uses_the_computed_status()
    {
        var client = fixture.ClientFor(A.Admin);

        (await client.GetJsonAsync("/api/assignments?status=overdue")).ItemIds().Should().Equal(A.OverdueAssignmentId);
        (await client.GetJsonAsync("/api/assignments?status=completed")).ItemIds().Should().Equal(A.CompletedAssignmentId);
        (await client.GetJsonAsync("/api/assignments?status=pending")).ItemIds()
            .Should().Equal(A.LonerAssignmentId, A.TraineeTrackAssignmentId, A.TraineeAssignmentId);
        var completed = await client.GetJsonAsync($"/api/assignments/{A.CompletedAssignmentId}");
        completed.Str("status").Should().Be("completed");
        completed.GetProperty("completedAt").ValueKind.Should().Be(JsonValueKind.String);
    }

    [Fact]
    public async Task The_list_filters_by_member_scenario_and_track()
    {
        var client = fixture.ClientFor(A.Admin);

        (await client.GetJsonAsync($"/api/assignments?memberId={A.Teammate.Id}")).ItemIds().Should().Equal(A.CompletedAssignmentId, A.OverdueAssignmentId);
        (await client.GetJsonAsync($"/api/assignments?scenarioId={A.SecondScenarioId}")).ItemIds().Should().Equal(A.OverdueAssignmentId);
        (await client.GetJsonAsync($"/api/assignments?trackId={A.TrackId}")).ItemIds().Should().Equal(A.TraineeTrackAssignmentId);
        (await client.GetJsonAsync($"/api/assignments?memberId={A.Teammate.Id}&status=overdue")).ItemIds().Should().Equal(A.OverdueAssignmentId);
    }

    [Theory]
    [InlineData("status=in_progress", "status")]
    [InlineData("status=late", "status")]
    [InlineData("status=2", "status")]
    [InlineData("scope=everyone", "scope")]
    [InlineData("sort=upside_down", "sort")]
    [InlineData("pageSize=101", "pageSize")]
    [InlineData("memberId=12", "memberId")]
    public async Task Bad_list_parameters_are_validation_errors(string query, string field)
    {
        using var response = await fixture.ClientFor(A.Admin).GetAsync("/api/assignments?" + query);

        await response.ShouldBeValidationProblem(field);
    }

    [Fact]
    public async Task Enum_query_values_are_case_insensitive_snake_case()
    {
        var page = await fixture.ClientFor(A.Admin).GetJsonAsync("/api/assignments?status=OVERDUE&scope=All");

        page.ItemIds().Should().Equal(A.OverdueAssignmentId);
    }

    // ---- GET /api/assignments/{id} ----------------------------------------------------------

    [Fact]
    public async Task Trainees_read_their_own_assignment_but_not_others()
    {
        var client = fixture.ClientFor(A.Trainee);

        var own = await client.GetJsonAsync($"/api/assignments/{A.TraineeAssignmentId}");
        using var teammates = await client.GetAsync($"/api/assignments/{A.OverdueAssignmentId}");

        own.Id().Should().Be(A.TraineeAssignmentId);
        (await teammates.ShouldBeProblem(HttpStatusCode.NotFound)).ToString().Should().NotContain(A.Teammate.Name);
    }

    [Fact]
    public async Task Managers_cannot_read_assignments_outside_their_team()
    {
        using var response = await fixture.ClientFor(A.Manager).GetAsync($"/api/assignments/{A.LonerAssignmentId}");

        await response.ShouldBeProblem(HttpStatusCode.NotFound);
        (await fixture.ClientFor(A.Admin).GetJsonAsync($"/api/assignments/{A.LonerAssignmentId}")).Id("memberId").Should().Be(A.Loner.Id);
    }

    [Fact]
    public async Task Unknown_and_foreign_assignments_are_404()
    {
        using var unknown = await fixture.ClientFor(A.Admin).GetAsync($"/api/assignments/{Guid.NewGuid()}");
        using var foreign = await fixture.ClientFor(A.Admin).GetAsync($"/api/assignments/{fixture.OrgB.TraineeAssignmentId}");

        await unknown.ShouldBeProblem(HttpStatusCode.NotFound);
        await foreign.ShouldBeProblem(HttpStatusCode.NotFound);
    }

    // ---- POST /api/assignments --------------------------------------------------------------

    [Fact]
    public async Task A_manager_assigns_a_published_scenario()
    {
        var org = await fixture.SeedOrganizationAsync();
        var client = fixture.ClientFor(org.Manager);
        var due = DateTimeOffset.UtcNow.AddDays(5);

        using var response = await client.PostJsonAsync("/api/assignments", new { memberId = org.Loner.Id, scenarioId = org.SecondScenarioId, dueAt = due });

        var assignment = await response.ShouldHaveStatus(HttpStatusCode.Created);
        var id = assignment.Id();
        assignment.Id("memberId").Should().Be(org.Loner.Id);
        assignment.Str("memberName").Should().Be(org.Loner.Name);
        assignment.Id("scenarioId").Should().Be(org.SecondScenarioId);
        assignment.Str("scenarioTitle").Should().Be($"{org.Marker} Rate objection");
        assignment.Id("assignedById").Should().Be(org.Manager.Id);
        assignment.Str("status").Should().Be("pending");
        assignment.GetProperty("dueAt").GetDateTimeOffset().Should().BeCloseTo(due, TimeSpan.FromMilliseconds(1));
        response.Headers.Location!.AbsolutePath.Should().Be($"/api/assignments/{id}");
        (await client.GetJsonAsync(response.Headers.Location.ToString())).Id().Should().Be(id);
        var stored = await StoredAsync(id);
        stored!.OrgId.Should().Be(org.Id);
        stored.AssignedById.Should().Be(org.Manager.Id);
        // The assignee sees it.
        (await fixture.ClientFor(org.Loner).GetJsonAsync("/api/assignments")).ItemIds().Should().Contain(id);
    }

    [Fact]
    public async Task An_admin_assigns_a_track_without_a_due_date()
    {
        var org = await fixture.SeedOrganizationAsync();

        using var response = await fixture.ClientFor(org.Admin).PostJsonAsync("/api/assignments", new { memberId = org.Teammate.Id, trackId = org.TrackId });

        var assignment = await response.ShouldHaveStatus(HttpStatusCode.Created);
        assignment.Id("trackId").Should().Be(org.TrackId);
        assignment.Str("trackTitle").Should().Be($"{org.Marker} Onboarding");
        assignment.IsNull("scenarioId").Should().BeTrue();
        assignment.IsNull("dueAt").Should().BeTrue();
        assignment.Str("status").Should().Be("pending");
    }

    [Fact]
    public async Task A_second_open_assignment_of_the_same_scenario_is_409()
    {
        var org = await fixture.SeedOrganizationAsync();
        var before = await CountAsync(org.Id);

        using var response = await fixture.ClientFor(org.Manager).PostJsonAsync("/api/assignments",
            new { memberId = org.Trainee.Id, scenarioId = org.PublishedScenarioId, dueAt = Future(3) });

        (await response.ShouldBeProblem(HttpStatusCode.Conflict)).Str("detail").Should().Contain("already has an open assignment");
        (await CountAsync(org.Id)).Should().Be(before);
    }

    [Fact]
    public async Task A_second_open_assignment_of_the_same_track_is_409()
    {
        var org = await fixture.SeedOrganizationAsync();
        var before = await CountAsync(org.Id);

        using var response = await fixture.ClientFor(org.Manager).PostJsonAsync("/api/assignments", new { memberId = org.Trainee.Id, trackId = org.TrackId });

        await response.ShouldBeProblem(HttpStatusCode.Conflict);
        (await CountAsync(org.Id)).Should().Be(before);
    }

    [Fact]
    public async Task A_completed_assignment_does_not_block_a_new_one()
    {
        var org = await fixture.SeedOrganizationAsync();

        using var response = await fixture.ClientFor(org.Manager).PostJsonAsync("/api/assignments",
            new { memberId = org.Teammate.Id, scenarioId = org.PublishedScenarioId });

        (await response.ShouldHaveStatus(HttpStatusCode.Created)).Str("status").Should().Be("pending");
    }

    [Fact]
    public async Task Trainees_cannot_assign()
    {
        var org = await fixture.SeedOrganizationAsync();
        var before = await CountAsync(org.Id);

        using var response = await fixture.ClientFor(org.Trainee).PostJsonAsync("/api/assignments", new { memberId = org.Trainee.Id, scenarioId = org.SecondScenarioId });

        await response.ShouldBeProblem(HttpStatusCode.Forbidden);
        (await CountAsync(org.Id)).Should().Be(before);
    }

    public static TheoryData<string, string> InvalidAssignments() => new()
    {
        { "both scenario and track", "scenarioId" },
        { "neither scenario nor track", "scenarioId" },
        { "due in the past", "dueAt" },
        { "draft scenario", "scenarioId" },
        { "archived scenario", "scenarioId" },
        { "unknown scenario", "scenarioId" },
        { "foreign scenario", "scenarioId" },
        { "unknown track", "trackId" },
        { "foreign track", "trackId" },
        { "deactivated member", "memberId" },
        { "unknown member", "memberId" },
        { "foreign member", "memberId" },
        { "no member", "memberId" },
    };

    [Theory]
    [MemberData(nameof(InvalidAssignments))]
    public async Task Invalid_assignments_are_validation_errors_and_nothing_is_stored(string problem, string field)
    {
        var b = fixture.OrgB;
        object body = problem switch
        {
            "both scenario and track" => new { memberId = A.Loner.Id, scenarioId = A.SecondScenarioId, trackId = A.TrackId },
            "neither scenario nor track" => new { memberId = A.Loner.Id },
            "due in the past" => new { memberId = A.Loner.Id, scenarioId = A.SecondScenarioId, dueAt = DateTimeOffset.UtcNow.AddMinutes(-1) },
            "draft scenario" => new { memberId = A.Loner.Id, scenarioId = A.DraftScenarioId },
            "archived scenario" => new { memberId = A.Loner.Id, scenarioId = A.ArchivedScenarioId },
            "unknown scenario" => new { memberId = A.Loner.Id, scenarioId = Guid.NewGuid() },
            "foreign scenario" => new { memberId = A.Loner.Id, scenarioId = b.SecondScenarioId },
            "unknown track" => new { memberId = A.Loner.Id, trackId = Guid.NewGuid() },
            "foreign track" => new { memberId = A.Loner.Id, trackId = b.TrackId },
            "deactivated member" => new { memberId = A.Deactivated.Id, scenarioId = A.SecondScenarioId },
            "unknown member" => new { memberId = Guid.NewGuid(), scenarioId = A.SecondScenarioId },
            "foreign member" => new { memberId = b.Loner.Id, scenarioId = A.SecondScenarioId },
            "no member" => new { scenarioId = A.SecondScenarioId },
            _ => throw new ArgumentOutOfRangeException(nameof(problem)),
        };
        var beforeA = await CountAsync(A.Id);
        var beforeB = await CountAsync(b.Id);

        using var response = await fixture.ClientFor(A.Admin).PostJsonAsync("/api/assignments", body);

        await response.ShouldBeValidationProblem(field);
        (await CountAsync(A.Id)).Should().Be(beforeA);
        (await CountAsync(b.Id)).Should().Be(beforeB);
    }

    [Theory]
    [InlineData("""{"memberId":"M","scenarioId":"S","dueAt":"next tuesday"}""", "dueAt")]
    [InlineData("""{"memberId":"M","scenarioId":"S","dueAt":12345}""", "dueAt")]
    [InlineData("""{"memberId":"not-a-guid","scenarioId":"S"}""", "memberId")]
    [InlineData("""{"memberId":"M","scenarioId":true}""", "scenarioId")]
    public async Task Malformed_fields_are_validation_errors(string template, string field)
    {
        var json = template.Replace("\"M\"", $"\"{A.Loner.Id}\"", StringComparison.Ordinal).Replace("\"S\"", $"\"{A.SecondScenarioId}\"", StringComparison.Ordinal);
        var before = await CountAsync(A.Id);

        using var response = await fixture.ClientFor(A.Admin).PostAsync("/api/assignments", ClientHttp.RawJson(json));

        await response.ShouldBeValidationProblem(field);
        (await CountAsync(A.Id)).Should().Be(before);
    }

    // ---- PATCH /api/assignments/{id} --------------------------------------------------------

    [Fact]
    public async Task A_manager_moves_the_due_date()
    {
        var org = await fixture.SeedOrganizationAsync();
        var due = DateTimeOffset.UtcNow.AddDays(20);

        using var response = await fixture.ClientFor(org.Manager).PatchJsonAsync($"/api/assignments/{org.TraineeAssignmentId}", new { dueAt = due });

        var assignment = await response.ShouldHaveStatus(HttpStatusCode.OK);
        assignment.GetProperty("dueAt").GetDateTimeOffset().Should().BeCloseTo(due, TimeSpan.FromMilliseconds(1));
        (await StoredAsync(org.TraineeAssignmentId))!.DueAt.Should().BeCloseTo(due, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task Rescheduling_an_overdue_assignment_makes_it_pending_again()
    {
        var org = await fixture.SeedOrganizationAsync();

        using var response = await fixture.ClientFor(org.Manager).PatchJsonAsync($"/api/assignments/{org.OverdueAssignmentId}", new { dueAt = Future(2) });

        (await response.ShouldHaveStatus(HttpStatusCode.OK)).Str("status").Should().Be("pending");
    }

    [Fact]
    public async Task The_due_date_can_be_cleared()
    {
        var org = await fixture.SeedOrganizationAsync();

        using var response = await fixture.ClientFor(org.Admin).PatchJsonAsync($"/api/assignments/{org.LonerAssignmentId}", new { dueAt = (DateTimeOffset?)null });

        (await response.ShouldHaveStatus(HttpStatusCode.OK)).IsNull("dueAt").Should().BeTrue();
        (await StoredAsync(org.LonerAssignmentId))!.DueAt.Should().BeNull();
    }

    [Fact]
    public async Task A_due_date_in_the_past_is_rejected_and_nothing_changes()
    {
        var org = await fixture.SeedOrganizationAsync();
        var before = (await StoredAsync(org.TraineeAssignmentId))!.DueAt;

        using var response = await fixture.ClientFor(org.Manager).PatchJsonAsync($"/api/assignments/{org.TraineeAssignmentId}",
            new { dueAt = DateTimeOffset.UtcNow.AddDays(-1) });

        // The request validator catches it first (400 with the field); the domain rule behind it would answer 422.
        await response.ShouldBeValidationProblem("dueAt");
        (await StoredAsync(org.TraineeAssignmentId))!.DueAt.Should().Be(before);
    }

    [Fact]
    public async Task A_completed_assignment_cannot_be_rescheduled()
    {
        var org = await fixture.SeedOrganizationAsync();

        using var response = await fixture.ClientFor(org.Manager).PatchJsonAsync($"/api/assignments/{org.CompletedAssignmentId}", new { dueAt = Future(4) });

        (await response.ShouldBeProblem(HttpStatusCode.UnprocessableEntity)).Str("detail").Should().Contain("completed");
        (await StoredAsync(org.CompletedAssignmentId))!.DueAt.Should().BeNull();
    }

    [Fact]
    public async Task Trainees_cannot_reschedule_or_withdraw()
    {
        var org = await fixture.SeedOrganizationAsync();
        var client = fixture.ClientFor(org.Trainee);
        var before = (await StoredAsync(org.TraineeAssignmentId))!.DueAt;

        using var patch = await client.PatchJsonAsync($"/api/assignments/{org.TraineeAssignmentId}", new { dueAt = Future(60) });
        using var delete = await client.DeleteAsync($"/api/assignments/{org.TraineeAssignmentId}");

        await patch.ShouldBeProblem(HttpStatusCode.Forbidden);
        await delete.ShouldBeProblem(HttpStatusCode.Forbidden);
        (await StoredAsync(org.TraineeAssignmentId))!.DueAt.Should().Be(before);
    }

    [Fact]
    public async Task Managers_cannot_change_assignments_outside_their_team()
    {
        var org = await fixture.SeedOrganizationAsync();
        var client = fixture.ClientFor(org.Manager);

        using var patch = await client.PatchJsonAsync($"/api/assignments/{org.LonerAssignmentId}", new { dueAt = Future(60) });
        using var delete = await client.DeleteAsync($"/api/assignments/{org.LonerAssignmentId}");

        await patch.ShouldBeProblem(HttpStatusCode.NotFound);
        await delete.ShouldBeProblem(HttpStatusCode.NotFound);
        (await StoredAsync(org.LonerAssignmentId))!.DueAt.Should().BeCloseTo(DateTimeOffset.UtcNow.AddDays(10), TimeSpan.FromMinutes(10));
    }

    [Fact]
    public async Task Changing_an_unknown_assignment_is_404()
    {
        var client = fixture.ClientFor(A.Admin);

        using var patch = await client.PatchJsonAsync($"/api/assignments/{Guid.NewGuid()}", new { dueAt = Future(3) });
        using var delete = await client.DeleteAsync($"/api/assignments/{Guid.NewGuid()}");

        await patch.ShouldBeProblem(HttpStatusCode.NotFound);
        await delete.ShouldBeProblem(HttpStatusCode.NotFound);
    }

    // ---- DELETE /api/assignments/{id} -------------------------------------------------------

    [Fact]
    public async Task Withdrawing_an_assignment_keeps_its_attempts_unlinked()
    {
        var org = await fixture.SeedOrganizationAsync();
        var client = fixture.ClientFor(org.Manager);

        using var response = await client.DeleteAsync($"/api/assignments/{org.TraineeAssignmentId}");

        await response.ShouldHaveStatus(HttpStatusCode.NoContent);
        (await StoredAsync(org.TraineeAssignmentId)).Should().BeNull();
        using var gone = await client.GetAsync($"/api/assignments/{org.TraineeAssignmentId}");
        await gone.ShouldBeProblem(HttpStatusCode.NotFound);
        var attempt = await fixture.WithDbAsync(db => db.Attempts.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(a => a.Id == org.TraineeAttemptId));
        attempt.Should().NotBeNull();
        attempt!.AssignmentId.Should().BeNull();
    }

    [Fact]
    public async Task Admins_withdraw_any_assignment()
    {
        var org = await fixture.SeedOrganizationAsync();

        using var response = await fixture.ClientFor(org.Admin).DeleteAsync($"/api/assignments/{org.OverdueAssignmentId}");

        await response.ShouldHaveStatus(HttpStatusCode.NoContent);
        (await StoredAsync(org.OverdueAssignmentId)).Should().BeNull();
    }

    private Task<Assignment?> StoredAsync(Guid id) =>
        fixture.WithDbAsync(db => db.Assignments.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(a => a.Id == id));

    private Task<int> CountAsync(Guid orgId) =>
        fixture.WithDbAsync(db => db.Assignments.IgnoreQueryFilters().CountAsync(a => a.OrgId == orgId));
}
