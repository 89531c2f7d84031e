using System.Net;
using System.Text.Json;
using VoiceTraining.Api.IntegrationTests.Infrastructure;

namespace VoiceTraining.Api.IntegrationTests.Results;

/// <summary>
/// One organization practises once (calls started through the API and reported by webhook) and the
/// results are read back. The practice happens once per class; the tests only read.
/// </summary>
public sealed class PracticedOrganizationFixture : ApiFixture
{
    public SeededOrganization Org { get; private set; } = null!;
    /// <summary>(member, scenario, attempt, score) in the order practised.</summary>
    public List<(SeededMember Member, Guid ScenarioId, Guid AttemptId, int Score)> Calls { get; } = [];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Org = await SeedOrganizationAsync("Practiced");
        object[] rambling =
        [
            new { role = "assistant", text = "Hello, this is Sarah.", timestamp = 0, endTimestamp = 1500 },
            new { role = "user", text = "Um so basically I wanted to like tell you about our rates which are honestly you know really great and um we have been in business for a long time and basically everyone loves us.", timestamp = 2000, endTimestamp = 25000 },
            new { role = "assistant", text = "Okay.", timestamp = 25500, endTimestamp = 26000 },
        ];
        foreach (var (member, scenarioId, transcript) in new (SeededMember, Guid, object[]?)[]
                 {
                     (Org.Trainee, Org.PublishedScenarioId, null),
                     (Org.Trainee, Org.SecondScenarioId, rambling),
                     (Org.Teammate, Org.PublishedScenarioId, rambling),
                     (Org.Loner, Org.SecondScenarioId, null),
                 })
        {
            var (attemptId, score) = await VoiceCalls.PracticeAsync(this, member, scenarioId, transcript);
            Calls.Add((member, scenarioId, attemptId, score));
        }
    }
}

public sealed class LeaderboardAndProgressTests(PracticedOrganizationFixture fixture) : IClassFixture<PracticedOrganizationFixture>
{
    private SeededOrganization Org => fixture.Org;

    private IEnumerable<(Guid Member, int Best, double Average, int Attempts)> Expected(Func<(SeededMember Member, Guid ScenarioId, Guid AttemptId, int Score), bool>? where = null) =>
        fixture.Calls.Where(c => where?.Invoke(c) ?? true)
            .GroupBy(c => c.Member)
            .OrderByDescending(g => g.Max(c => c.Score)).ThenByDescending(g => Math.Round(g.Average(c => c.Score), 1)).ThenByDescending(g => g.Count())
            .ThenBy(g => g.Key.Name, StringComparer.Ordinal)
            .Select(g => (g.Key.Id, g.Max(c => c.Score), Math.Round(g.Average(c => c.Score), 1), g.Count()));

    // ---- GET /api/leaderboard ---------------------------------------------------------------

    [Theory]
    [InlineData("trainee")]
    [InlineData("admin")]
    public async Task The_leaderboard_ranks_members_by_best_then_average_score(string role)
    {
        var board = await fixture.ClientFor(role == "admin" ? Org.Admin : Org.Trainee).GetJsonAsync("/api/leaderboard");

        board.Str("period").Should().Be("month");
        board.GetProperty("from").GetDateTimeOffset().Should().BeCloseTo(DateTimeOffset.UtcNow.AddDays(-30), TimeSpan.FromMinutes(5));
        var entries = board.GetProperty("entries").EnumerateArray().ToList();
        entries.Select(e => e.Int("rank")).Should().Equal(Enumerable.Range(1, entries.Count));
        entries.Select(e => (e.Id("memberId"), e.Int("bestScore"), e.GetProperty("averageScore").GetDouble(), e.Int("attempts")))
            .Should().Equal(Expected());
        var trainee = entries.Single(e => e.Id("memberId") == Org.Trainee.Id);
        trainee.Str("memberName").Should().Be(Org.Trainee.Name);
        trainee.GetProperty("kpiAverages").GetProperty("questionsAsked").GetDouble().Should().BeGreaterThan(0);
        board.ToString().Should().NotContain(fixture.OrgA.Marker);
    }

    [Fact]
    public async Task The_leaderboard_filters_by_scenario_and_track()
    {
        var client = fixture.ClientFor(Org.Manager);

        var byScenario = await client.GetJsonAsync($"/api/leaderboard?scenarioId={Org.SecondScenarioId}&period=all");
        var byTrack = await client.GetJsonAsync($"/api/leaderboard?trackId={Org.TrackId}&period=week");

        byScenario.Id("scenarioId").Should().Be(Org.SecondScenarioId);
        byScenario.Str("period").Should().Be("all");
        byScenario.IsNull("from").Should().BeTrue();
        byScenario.GetProperty("entries").EnumerateArray().Select(e => (e.Id("memberId"), e.Int("bestScore"), e.GetProperty("averageScore").GetDouble(), e.Int("attempts")))
            .Should().Equal(Expected(c => c.ScenarioId == Org.SecondScenarioId));
        byTrack.Id("trackId").Should().Be(Org.TrackId);
        byTrack.GetProperty("entries").EnumerateArray().Sum(e => e.Int("attempts")).Should().Be(fixture.Calls.Count, "both scenarios are in the track");
    }

    [Fact]
    public async Task A_scenario_of_another_organization_gives_an_empty_board()
    {
        var board = await fixture.ClientFor(fixture.OrgA.Admin).GetJsonAsync($"/api/leaderboard?scenarioId={Org.PublishedScenarioId}&period=all");

        board.GetProperty("entries").GetArrayLength().Should().Be(0);
        board.ToString().Should().NotContain(Org.Marker);
    }

    [Theory]
    [InlineData("period=year", "period")]
    [InlineData("period=1", "period")]
    [InlineData("scenarioId=nope", "scenarioId")]
    public async Task Bad_leaderboard_parameters_are_validation_errors(string query, string field)
    {
        using var response = await fixture.ClientFor(Org.Trainee).GetAsync("/api/leaderboard?" + query);

        await response.ShouldBeValidationProblem(field);
    }

    [Fact]
    public async Task The_leaderboard_needs_a_member()
    {
        using var response = await fixture.Anonymous().GetAsync("/api/leaderboard");

        await response.ShouldBeProblem(HttpStatusCode.Unauthorized);
    }

    // ---- GET /api/progress ------------------------------------------------------------------

    [Fact]
    public async Task A_member_sees_their_own_progress_oldest_first()
    {
        var mine = fixture.Calls.Where(c => c.Member.Id == Org.Trainee.Id).ToList();

        var progress = await fixture.ClientFor(Org.Trainee).GetJsonAsync("/api/progress");

        progress.Id("memberId").Should().Be(Org.Trainee.Id);
        progress.Str("memberName").Should().Be(Org.Trainee.Name);
        progress.Int("attempts").Should().Be(2);
        progress.Int("bestScore").Should().Be(mine.Max(c => c.Score));
        progress.GetProperty("averageScore").GetDouble().Should().Be(Math.Round(mine.Average(c => c.Score), 1));
        progress.IsNull("recentTrend").Should().BeTrue("there are fewer than six attempts");
        var points = progress.GetProperty("points").EnumerateArray().ToList();
        points.Select(p => p.Id("attemptId")).Should().Equal(mine.Select(c => c.AttemptId));
        points.Select(p => p.Int("score")).Should().Equal(mine.Select(c => c.Score));
        points.Select(p => p.GetProperty("passed").GetBoolean()).Should().Equal(mine.Select(c => c.Score >= 70));
        points[0].Str("scenarioTitle").Should().Be($"{Org.Marker} Cold call");
    }

    [Fact]
    public async Task Progress_filters_by_scenario()
    {
        var progress = await fixture.ClientFor(Org.Trainee).GetJsonAsync($"/api/progress?scenarioId={Org.SecondScenarioId}");

        progress.Int("attempts").Should().Be(1);
        progress.GetProperty("points")[0].Id("scenarioId").Should().Be(Org.SecondScenarioId);
    }

    [Fact]
    public async Task Managers_see_their_teams_progress_and_admins_everyones()
    {
        var team = await fixture.ClientFor(Org.Manager).GetJsonAsync($"/api/progress?memberId={Org.Teammate.Id}");
        var anyone = await fixture.ClientFor(Org.Admin).GetJsonAsync($"/api/progress?memberId={Org.Loner.Id}");

        team.Int("attempts").Should().Be(1);
        team.Id("memberId").Should().Be(Org.Teammate.Id);
        anyone.Int("attempts").Should().Be(1);
    }

    [Fact]
    public async Task Progress_outside_the_callers_visibility_does_not_exist()
    {
        using var teammate = await fixture.ClientFor(Org.Trainee).GetAsync($"/api/progress?memberId={Org.Teammate.Id}");
        using var loner = await fixture.ClientFor(Org.Manager).GetAsync($"/api/progress?memberId={Org.Loner.Id}");
        using var foreign = await fixture.ClientFor(fixture.OrgA.Admin).GetAsync($"/api/progress?memberId={Org.Trainee.Id}");
        using var unknown = await fixture.ClientFor(Org.Admin).GetAsync($"/api/progress?memberId={Guid.NewGuid()}");

        (await teammate.ShouldBeProblem(HttpStatusCode.NotFound)).ToString().Should().NotContain(Org.Teammate.Name);
        await loner.ShouldBeProblem(HttpStatusCode.NotFound);
        (await foreign.ShouldBeProblem(HttpStatusCode.NotFound)).ToString().Should().NotContain(Org.Marker);
        await unknown.ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_member_without_attempts_has_empty_progress()
    {
        var progress = await fixture.ClientFor(Org.Admin).GetJsonAsync("/api/progress");

        progress.Int("attempts").Should().Be(0);
        progress.IsNull("bestScore").Should().BeTrue();
        progress.GetProperty("averageScore").GetDouble().Should().Be(0);
        progress.GetProperty("points").ValueKind.Should().Be(JsonValueKind.Array);
        progress.GetProperty("points").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task A_malformed_member_id_is_a_validation_error()
    {
        using var response = await fixture.ClientFor(Org.Admin).GetAsync("/api/progress?memberId=me");

        await response.ShouldBeValidationProblem("memberId");
    }
}
