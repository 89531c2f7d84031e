using System.Net;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Api.IntegrationTests.Infrastructure;

namespace VoiceTraining.Api.IntegrationTests.Tracks;

public sealed class TracksEndpointTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private SeededOrganization A => fixture.OrgA;

    [Fact]
    public async Task Members_list_tracks_with_their_scenario_count()
    {
        var page = await fixture.ClientFor(A.Trainee).GetJsonAsync("/api/tracks?sort=oldest");

        var track = page.Items()[0];
        track.Id().Should().Be(A.TrackId);
        track.Str("title").Should().Be($"{A.Marker} Onboarding");
        track.Str("description").Should().Be("The first calls.");
        track.Int("scenarioCount").Should().Be(2);
        page.ToString().Should().NotContain(fixture.OrgB.Marker);
    }

    [Fact]
    public async Task The_list_is_newest_first_and_filters_by_scenario_and_search()
    {
        var org = await fixture.SeedOrganizationAsync();
        var manager = fixture.ClientFor(org.Manager);
        using var created = await manager.PostJsonAsync("/api/tracks", new { title = "Objections only", scenarioIds = new[] { org.SecondScenarioId } });
        var objections = (await created.ShouldHaveStatus(HttpStatusCode.Created)).Id();

        (await manager.GetJsonAsync("/api/tracks")).ItemIds().Should().Equal(objections, org.TrackId);
        (await manager.GetJsonAsync($"/api/tracks?scenarioId={org.PublishedScenarioId}")).ItemIds().Should().Equal(org.TrackId);
        (await manager.GetJsonAsync($"/api/tracks?scenarioId={org.SecondScenarioId}")).ItemIds().Should().Equal(objections, org.TrackId);
        (await manager.GetJsonAsync("/api/tracks?search=OBJECTIONS")).ItemIds().Should().Equal(objections);
    }

    [Theory]
    [InlineData("scenarioId=xyz", "scenarioId")]
    [InlineData("sort=random", "sort")]
    [InlineData("page=-1", "page")]
    public async Task Bad_list_parameters_are_validation_errors(string query, string field)
    {
        using var response = await fixture.ClientFor(A.Trainee).GetAsync("/api/tracks?" + query);

        await response.ShouldBeValidationProblem(field);
    }

    [Fact]
    public async Task A_track_is_read_with_its_ordered_scenarios()
    {
        var track = await fixture.ClientFor(A.Trainee).GetJsonAsync($"/api/tracks/{A.TrackId}");

        track.Id().Should().Be(A.TrackId);
        var scenarios = track.GetProperty("scenarios").EnumerateArray().ToList();
        scenarios.Select(s => s.Id("scenarioId")).Should().Equal(A.PublishedScenarioId, A.SecondScenarioId);
        scenarios.Select(s => s.Int("position")).Should().Equal(0, 1);
        scenarios[0].Str("title").Should().Be($"{A.Marker} Cold call");
        scenarios[0].Str("status").Should().Be("published");
    }

    [Fact]
    public async Task Unknown_and_foreign_tracks_are_404()
    {
        using var unknown = await fixture.ClientFor(A.Manager).GetAsync($"/api/tracks/{Guid.NewGuid()}");
        using var foreign = await fixture.ClientFor(A.Manager).GetAsync($"/api/tracks/{fixture.OrgB.TrackId}");

        await unknown.ShouldBeProblem(HttpStatusCode.NotFound);
        (await foreign.ShouldBeProblem(HttpStatusCode.NotFound)).ToString().Should().NotContain(fixture.OrgB.Marker);
    }

    [Fact]
    public async Task A_manager_creates_a_track()
    {
        var client = fixture.ClientFor(A.Manager);

        using var response = await client.PostJsonAsync("/api/tracks",
            new { title = "Advanced", description = "Harder calls", scenarioIds = new[] { A.SecondScenarioId, A.DraftScenarioId, A.PublishedScenarioId } });

        var track = await response.ShouldHaveStatus(HttpStatusCode.Created);
        var id = track.Id();
        track.Str("title").Should().Be("Advanced");
        track.GetProperty("scenarios").EnumerateArray().Select(s => s.Id("scenarioId"))
            .Should().Equal(A.SecondScenarioId, A.DraftScenarioId, A.PublishedScenarioId);
        track.GetProperty("scenarios")[1].Str("status").Should().Be("draft");
        response.Headers.Location!.AbsolutePath.Should().Be($"/api/tracks/{id}");
        (await client.GetJsonAsync(response.Headers.Location.ToString())).Str("title").Should().Be("Advanced");
        (await fixture.WithDbAsync(db => db.Tracks.IgnoreQueryFilters().Where(t => t.Id == id).Select(t => t.OrgId).SingleAsync())).Should().Be(A.Id);
    }

    [Fact]
    public async Task Trainees_cannot_create_update_or_delete_tracks()
    {
        var client = fixture.ClientFor(A.Trainee);
        var before = await CountAsync();

        using var post = await client.PostJsonAsync("/api/tracks", new { title = "Mine", scenarioIds = new[] { A.PublishedScenarioId } });
        using var put = await client.PutJsonAsync($"/api/tracks/{A.TrackId}", new { title = "Renamed", scenarioIds = new[] { A.PublishedScenarioId } });
        using var delete = await client.DeleteAsync($"/api/tracks/{A.TrackId}");

        await post.ShouldBeProblem(HttpStatusCode.Forbidden);
        await put.ShouldBeProblem(HttpStatusCode.Forbidden);
        await delete.ShouldBeProblem(HttpStatusCode.Forbidden);
        (await CountAsync()).Should().Be(before);
        (await TitleAsync(A.TrackId)).Should().Be($"{A.Marker} Onboarding");
    }

    /// <summary>Bodies with S1 standing for one of the organization's scenarios.</summary>
    public static TheoryData<string, string[]> InvalidBodies() => new()
    {
        { """{"title":"","scenarioIds":["S1"]}""", ["title"] },
        { $$"""{"title":"{{new string('t', 201)}}","scenarioIds":["S1"]}""", ["title"] },
        { """{"title":"T","scenarioIds":[]}""", ["scenarioIds"] },
        { """{"title":"T"}""", ["scenarioIds"] },
        { """{"title":"T","scenarioIds":["S1","S1"]}""", ["scenarioIds"] },
        { $$"""{"title":"T","scenarioIds":["S1","{{Guid.NewGuid()}}"]}""", ["scenarioIds"] },
        { """{"title":"T","scenarioIds":["not-a-guid"]}""", ["scenarioIds[0]"] },
        { """{"title":"T","scenarioIds":"S1"}""", ["scenarioIds"] },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Invalid_track_bodies_are_rejected_and_nothing_is_stored(string template, string[] fields)
    {
        var json = template.Replace("S1", A.PublishedScenarioId.ToString(), StringComparison.Ordinal);
        var before = await CountAsync();

        using var response = await fixture.ClientFor(A.Manager).PostAsync("/api/tracks", ClientHttp.RawJson(json));

        await response.ShouldBeValidationProblem(fields);
        (await CountAsync()).Should().Be(before);
    }

    [Fact]
    public async Task Scenarios_of_another_organization_cannot_be_put_in_a_track()
    {
        var before = await CountAsync();

        using var response = await fixture.ClientFor(A.Manager).PostJsonAsync("/api/tracks",
            new { title = "Borrowed", scenarioIds = new[] { A.PublishedScenarioId, fixture.OrgB.PublishedScenarioId } });

        await response.ShouldBeValidationProblem("scenarioIds");
        (await CountAsync()).Should().Be(before);
    }

    [Fact]
    public async Task A_track_is_replaced_with_put_including_its_order()
    {
        var id = await CreateAsync("Reorder me", A.PublishedScenarioId, A.SecondScenarioId);

        using var response = await fixture.ClientFor(A.Manager).PutJsonAsync($"/api/tracks/{id}",
            new { title = "Reordered", description = "New order", scenarioIds = new[] { A.SecondScenarioId, A.DraftScenarioId, A.PublishedScenarioId } });

        var track = await response.ShouldHaveStatus(HttpStatusCode.OK);
        track.Str("title").Should().Be("Reordered");
        track.Str("description").Should().Be("New order");
        var scenarios = track.GetProperty("scenarios").EnumerateArray().ToList();
        scenarios.Select(s => s.Id("scenarioId")).Should().Equal(A.SecondScenarioId, A.DraftScenarioId, A.PublishedScenarioId);
        scenarios.Select(s => s.Int("position")).Should().Equal(0, 1, 2);
        (await fixture.ClientFor(A.Manager).GetJsonAsync($"/api/tracks/{id}")).GetProperty("scenarios").GetArrayLength().Should().Be(3);
    }

    [Fact]
    public async Task An_invalid_update_changes_nothing()
    {
        var id = await CreateAsync("Keep me", A.PublishedScenarioId);

        using var response = await fixture.ClientFor(A.Manager).PutJsonAsync($"/api/tracks/{id}", new { title = "", scenarioIds = Array.Empty<Guid>() });

        await response.ShouldBeValidationProblem("title", "scenarioIds");
        (await TitleAsync(id)).Should().Be("Keep me");
    }

    [Fact]
    public async Task Updating_or_deleting_an_unknown_track_is_404()
    {
        var client = fixture.ClientFor(A.Manager);

        using var put = await client.PutJsonAsync($"/api/tracks/{Guid.NewGuid()}", new { title = "Ghost", scenarioIds = new[] { A.PublishedScenarioId } });
        using var delete = await client.DeleteAsync($"/api/tracks/{Guid.NewGuid()}");

        await put.ShouldBeProblem(HttpStatusCode.NotFound);
        await delete.ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_unassigned_track_is_deleted()
    {
        var id = await CreateAsync("Short-lived", A.PublishedScenarioId);

        using var response = await fixture.ClientFor(A.Admin).DeleteAsync($"/api/tracks/{id}");

        await response.ShouldHaveStatus(HttpStatusCode.NoContent);
        (await TitleAsync(id)).Should().BeNull();
        using var gone = await fixture.ClientFor(A.Admin).GetAsync($"/api/tracks/{id}");
        await gone.ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_assigned_track_cannot_be_deleted()
    {
        using var response = await fixture.ClientFor(A.Manager).DeleteAsync($"/api/tracks/{A.TrackId}");

        (await response.ShouldBeProblem(HttpStatusCode.Conflict)).Str("detail").Should().Contain("assignments");
        (await TitleAsync(A.TrackId)).Should().Be($"{A.Marker} Onboarding");
    }

    private async Task<Guid> CreateAsync(string title, params Guid[] scenarioIds)
    {
        using var response = await fixture.ClientFor(A.Manager).PostJsonAsync("/api/tracks", new { title, scenarioIds });
        return (await response.ShouldHaveStatus(HttpStatusCode.Created)).Id();
    }

    private Task<int> CountAsync() => fixture.WithDbAsync(db => db.Tracks.IgnoreQueryFilters().CountAsync(t => t.OrgId == A.Id));

    private Task<string?> TitleAsync(Guid id) =>
        fixture.WithDbAsync(db => db.Tracks.IgnoreQueryFilters().Where(t => t.Id == id).Select(t => t.Title).SingleOrDefaultAsync());
}
