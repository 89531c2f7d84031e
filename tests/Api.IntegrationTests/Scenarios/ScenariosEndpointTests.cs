using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Domain.Scenarios;

namespace VoiceTraining.Api.IntegrationTests.Scenarios;

public sealed class ScenariosEndpointTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private SeededOrganization A => fixture.OrgA;

    private object NewScenario(string title = "Discovery with a CFO", Guid? personaId = null, object[]? rubric = null, int passingThreshold = 80) => new
    {
        title,
        description = "Uncover pain and budget.",
        personaId = personaId ?? A.PersonaId,
        aiPrompt = "You are Derek, a CFO with five minutes.",
        rubric = rubric ?? new object[]
        {
            new { name = "Short monologues", weight = 2, kind = "kpi_range", kpi = "longest_monologue_seconds", max = 45.0 },
            new { name = "Asks about budget", weight = 1, kind = "required_phrases", phrases = new[] { "budget" } },
            new { name = "Enough questions", weight = 1, kind = "minimum_questions", min = 3.0 },
        },
        passingThreshold,
    };

    // ---- GET /api/scenarios -----------------------------------------------------------------

    [Fact]
    public async Task Managers_list_every_scenario_including_drafts_and_archived()
    {
        var page = await fixture.ClientFor(A.Manager).GetJsonAsync("/api/scenarios?sort=oldest&pageSize=4");

        page.ItemIds().Should().Equal(A.PublishedScenarioId, A.SecondScenarioId, A.DraftScenarioId, A.ArchivedScenarioId);
        var first = page.Items()[0];
        first.Str("title").Should().Be($"{A.Marker} Cold call");
        first.Str("status").Should().Be("published");
        first.Id("personaId").Should().Be(A.PersonaId);
        first.Str("personaName").Should().Be($"Sarah {A.Marker}");
        first.Str("difficulty").Should().Be("easy");
        first.Int("passingThreshold").Should().Be(70);
        first.GetProperty("publishedAt").ValueKind.Should().Be(JsonValueKind.String);
        page.Items()[2].IsNull("publishedAt").Should().BeTrue();
        page.ToString().Should().NotContain(fixture.OrgB.Marker);
    }

    [Fact]
    public async Task Trainees_see_published_scenarios_only()
    {
        var client = fixture.ClientFor(A.Trainee);

        var all = await client.GetJsonAsync("/api/scenarios?pageSize=100");
        var drafts = await client.GetJsonAsync("/api/scenarios?status=draft");

        all.Items().Should().OnlyContain(s => s.Str("status") == "published");
        all.ItemIds().Should().Contain([A.PublishedScenarioId, A.SecondScenarioId]).And.NotContain([A.DraftScenarioId, A.ArchivedScenarioId]);
        drafts.Int("totalCount").Should().Be(0);
    }

    [Fact]
    public async Task The_list_is_newest_first_and_filters_by_status_persona_and_search()
    {
        var org = await fixture.SeedOrganizationAsync();
        var client = fixture.ClientFor(org.Admin);

        (await client.GetJsonAsync("/api/scenarios")).ItemIds().Should().Equal(org.ArchivedScenarioId, org.DraftScenarioId, org.SecondScenarioId, org.PublishedScenarioId);
        (await client.GetJsonAsync("/api/scenarios?status=draft")).ItemIds().Should().Equal(org.DraftScenarioId);
        (await client.GetJsonAsync("/api/scenarios?status=archived")).ItemIds().Should().Equal(org.ArchivedScenarioId);
        (await client.GetJsonAsync("/api/scenarios?status=published")).ItemIds().Should().Equal(org.SecondScenarioId, org.PublishedScenarioId);
        (await client.GetJsonAsync($"/api/scenarios?personaId={org.PersonaId}")).Int("totalCount").Should().Be(4);
        (await client.GetJsonAsync($"/api/scenarios?personaId={fixture.OrgB.PersonaId}")).Int("totalCount").Should().Be(0);
        (await client.GetJsonAsync("/api/scenarios?search=COLD%20CALL")).ItemIds().Should().Equal(org.PublishedScenarioId);
    }

    [Theory]
    [InlineData("status=in_progress", "status")]
    [InlineData("status=live", "status")]
    [InlineData("status=0", "status")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("personaId=abc", "personaId")]
    public async Task Bad_list_parameters_are_validation_errors(string query, string field)
    {
        using var response = await fixture.ClientFor(A.Manager).GetAsync("/api/scenarios?" + query);

        await response.ShouldBeValidationProblem(field);
    }

    [Fact]
    public async Task Search_longer_than_200_characters_is_a_validation_error()
    {
        using var response = await fixture.ClientFor(A.Manager).GetAsync("/api/scenarios?search=" + new string('s', 201));

        await response.ShouldBeValidationProblem("search");
    }

    // ---- GET /api/scenarios/{id} ------------------------------------------------------------

    [Fact]
    public async Task A_scenario_is_read_with_its_prompt_and_rubric()
    {
        var scenario = await fixture.ClientFor(A.Trainee).GetJsonAsync($"/api/scenarios/{A.PublishedScenarioId}");

        scenario.Id().Should().Be(A.PublishedScenarioId);
        scenario.Str("aiPrompt").Should().Be("You are Sarah (Cold call).");
        scenario.Id("createdById").Should().Be(A.Manager.Id);
        var rubric = scenario.GetProperty("rubric").EnumerateArray().ToList();
        rubric.Should().HaveCount(2);
        rubric[0].Str("kind").Should().Be("kpi_range");
        rubric[0].Str("kpi").Should().Be("talk_ratio");
        rubric[0].GetProperty("min").GetDouble().Should().Be(35);
        rubric[0].GetProperty("max").GetDouble().Should().Be(55);
        rubric[0].Int("weight").Should().Be(2);
        rubric[1].Str("kind").Should().Be("required_phrases");
        rubric[1].GetProperty("phrases").EnumerateArray().Select(p => p.GetString()).Should().Equal("meeting");
    }

    [Fact]
    public async Task Drafts_and_archived_scenarios_do_not_exist_for_trainees()
    {
        var client = fixture.ClientFor(A.Trainee);

        using var draft = await client.GetAsync($"/api/scenarios/{A.DraftScenarioId}");
        using var archived = await client.GetAsync($"/api/scenarios/{A.ArchivedScenarioId}");

        await draft.ShouldBeProblem(HttpStatusCode.NotFound);
        await archived.ShouldBeProblem(HttpStatusCode.NotFound);
        (await fixture.ClientFor(A.Manager).GetJsonAsync($"/api/scenarios/{A.DraftScenarioId}")).Str("status").Should().Be("draft");
    }

    [Fact]
    public async Task Unknown_and_foreign_scenarios_are_404()
    {
        using var unknown = await fixture.ClientFor(A.Admin).GetAsync($"/api/scenarios/{Guid.NewGuid()}");
        using var foreign = await fixture.ClientFor(A.Admin).GetAsync($"/api/scenarios/{fixture.OrgB.PublishedScenarioId}");

        await unknown.ShouldBeProblem(HttpStatusCode.NotFound);
        (await foreign.ShouldBeProblem(HttpStatusCode.NotFound)).ToString().Should().NotContain(fixture.OrgB.Marker);
    }

    // ---- POST /api/scenarios ----------------------------------------------------------------

    [Fact]
    public async Task A_manager_creates_a_draft_scenario()
    {
        var client = fixture.ClientFor(A.Manager);

        using var response = await client.PostJsonAsync("/api/scenarios", NewScenario("  Created draft  "));

        var scenario = await response.ShouldHaveStatus(HttpStatusCode.Created);
        var id = scenario.Id();
        scenario.Str("title").Should().Be("Created draft");
        scenario.Str("status").Should().Be("draft");
        scenario.Id("createdById").Should().Be(A.Manager.Id);
        scenario.Int("passingThreshold").Should().Be(80);
        scenario.IsNull("publishedAt").Should().BeTrue();
        var rubric = scenario.GetProperty("rubric").EnumerateArray().ToList();
        rubric.Select(c => c.Str("kind")).Should().Equal("kpi_range", "required_phrases", "minimum_questions");
        rubric[0].Str("kpi").Should().Be("longest_monologue_seconds");
        rubric[0].IsNull("min").Should().BeTrue();
        rubric[2].GetProperty("min").GetDouble().Should().Be(3);
        response.Headers.Location!.AbsolutePath.Should().Be($"/api/scenarios/{id}");
        (await client.GetJsonAsync(response.Headers.Location.ToString())).Str("title").Should().Be("Created draft");
        var stored = await StoredAsync(id);
        stored!.OrgId.Should().Be(A.Id);
        stored.Status.Should().Be(ScenarioStatus.Draft);
    }

    [Fact]
    public async Task The_passing_threshold_defaults_to_70()
    {
        using var response = await fixture.ClientFor(A.Admin).PostJsonAsync("/api/scenarios",
            new { title = "Defaults", personaId = A.PersonaId, aiPrompt = "Prompt" });

        var scenario = await response.ShouldHaveStatus(HttpStatusCode.Created);
        scenario.Int("passingThreshold").Should().Be(70);
        scenario.GetProperty("rubric").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task Trainees_cannot_create_scenarios()
    {
        var before = await CountAsync();

        using var response = await fixture.ClientFor(A.Trainee).PostJsonAsync("/api/scenarios", NewScenario("Trainee's"));

        (await response.ShouldBeProblem(HttpStatusCode.Forbidden)).Str("detail").Should().Be("Your role does not allow this action.");
        (await CountAsync()).Should().Be(before);
    }

    public static TheoryData<string, string[]> InvalidBodies() => new()
    {
        { """{"title":"","aiPrompt":"p"}""", ["title"] },
        { """{"title":"T","aiPrompt":""}""", ["aiPrompt"] },
        { """{"title":"T","aiPrompt":"p","passingThreshold":101}""", ["passingThreshold"] },
        { """{"title":"T","aiPrompt":"p","passingThreshold":-1}""", ["passingThreshold"] },
        { """{"title":"T","aiPrompt":"p","rubric":[{"name":"W","weight":0,"kind":"minimum_questions","min":2}]}""", ["rubric[0].weight"] },
        { """{"title":"T","aiPrompt":"p","rubric":[{"name":"","weight":1,"kind":"minimum_questions","min":2}]}""", ["rubric[0].name"] },
        { """{"title":"T","aiPrompt":"p","rubric":[{"name":"Q","weight":1,"kind":"minimum_questions","min":2},{"name":"K","weight":1,"kind":"kpi_range","kpi":"talk_ratio"}]}""", ["rubric[1].min"] },
        { """{"title":"T","aiPrompt":"p","rubric":[{"name":"K","weight":1,"kind":"kpi_range","min":10}]}""", ["rubric[0].kpi"] },
        { """{"title":"T","aiPrompt":"p","rubric":[{"name":"K","weight":1,"kind":"kpi_range","kpi":"talk_ratio","min":60,"max":40}]}""", ["rubric[0].max"] },
        { """{"title":"T","aiPrompt":"p","rubric":[{"name":"P","weight":1,"kind":"required_phrases","phrases":[]}]}""", ["rubric[0].phrases"] },
        { """{"title":"T","aiPrompt":"p","rubric":[{"name":"M","weight":1,"kind":"model_evaluation"}]}""", ["rubric[0].instructions"] },
        { """{"title":"T","aiPrompt":"p","rubric":[{"name":"K","weight":1,"kind":"kpi_rnage","min":1}]}""", ["rubric[0].kind"] },
        { """{"title":"T","aiPrompt":"p","rubric":[{"name":"K","weight":1,"kind":"kpi_range","kpi":"charisma","min":1}]}""", ["rubric[0].kpi"] },
        { """{"title":"T","aiPrompt":"p","rubric":[{"name":"K","weight":"heavy","kind":"minimum_questions","min":1}]}""", ["rubric[0].weight"] },
        { """{"title":"T","aiPrompt":"p","rubric":{"name":"not an array"}}""", ["rubric"] },
        { """{"title":"T","aiPrompt":"p","passingThreshold":"high"}""", ["passingThreshold"] },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Invalid_scenario_bodies_are_rejected_with_field_errors(string body, string[] fields)
    {
        // Every body gets the organization's persona unless it is about the persona.
        var json = body.Replace("{\"title\"", $"{{\"personaId\":\"{A.PersonaId}\",\"title\"", StringComparison.Ordinal);
        var before = await CountAsync();

        using var response = await fixture.ClientFor(A.Manager).PostAsync("/api/scenarios", ClientHttp.RawJson(json));

        await response.ShouldBeValidationProblem(fields);
        (await CountAsync()).Should().Be(before);
    }

    [Fact]
    public async Task A_persona_of_another_organization_is_a_validation_error()
    {
        var before = await CountAsync();

        using var response = await fixture.ClientFor(A.Manager).PostJsonAsync("/api/scenarios", NewScenario(personaId: fixture.OrgB.PersonaId));

        (await response.ShouldBeValidationProblem("personaId"))
            .GetProperty("personaId")[0].GetString().Should().Contain("No persona");
        (await CountAsync()).Should().Be(before);
    }

    [Fact]
    public async Task A_missing_persona_is_a_validation_error()
    {
        using var response = await fixture.ClientFor(A.Manager).PostJsonAsync("/api/scenarios", new { title = "T", aiPrompt = "p" });

        await response.ShouldBeValidationProblem("personaId");
    }

    // ---- PUT /api/scenarios/{id} ------------------------------------------------------------

    [Fact]
    public async Task A_scenario_is_replaced_with_put()
    {
        var id = await CreateAsync("Editable");

        using var response = await fixture.ClientFor(A.Manager).PutJsonAsync($"/api/scenarios/{id}", new
        {
            title = "Edited",
            description = "Edited description",
            personaId = A.PersonaId,
            aiPrompt = "New prompt",
            rubric = new object[] { new { name = "Forbidden", weight = 5, kind = "forbidden_phrases", phrases = new[] { "guarantee" } } },
            passingThreshold = 60,
        });

        var scenario = await response.ShouldHaveStatus(HttpStatusCode.OK);
        scenario.Str("title").Should().Be("Edited");
        scenario.Str("aiPrompt").Should().Be("New prompt");
        scenario.Int("passingThreshold").Should().Be(60);
        scenario.Str("status").Should().Be("draft");
        var rubric = scenario.GetProperty("rubric").EnumerateArray().ToList();
        rubric.Should().ContainSingle().Which.Str("kind").Should().Be("forbidden_phrases");
        (await StoredAsync(id))!.Rubric.Should().ContainSingle().Which.Phrases.Should().Equal("guarantee");
    }

    [Fact]
    public async Task An_archived_scenario_cannot_be_edited()
    {
        using var response = await fixture.ClientFor(A.Manager).PutJsonAsync($"/api/scenarios/{A.ArchivedScenarioId}", NewScenario("Resurrected"));

        (await response.ShouldBeProblem(HttpStatusCode.UnprocessableEntity)).Str("detail").Should().Contain("archived");
        (await StoredAsync(A.ArchivedScenarioId))!.Title.Should().Be($"{A.Marker} Old pitch");
    }

    [Fact]
    public async Task An_invalid_update_changes_nothing()
    {
        var id = await CreateAsync("Stable");

        using var response = await fixture.ClientFor(A.Manager).PutJsonAsync($"/api/scenarios/{id}", NewScenario("", passingThreshold: 500));

        await response.ShouldBeValidationProblem("title", "passingThreshold");
        (await StoredAsync(id))!.Title.Should().Be("Stable");
    }

    [Fact]
    public async Task Updating_an_unknown_scenario_is_404()
    {
        using var response = await fixture.ClientFor(A.Manager).PutJsonAsync($"/api/scenarios/{Guid.NewGuid()}", NewScenario("Ghost"));

        await response.ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Trainees_cannot_edit_publish_or_archive()
    {
        var client = fixture.ClientFor(A.Trainee);

        using var put = await client.PutJsonAsync($"/api/scenarios/{A.DraftScenarioId}", NewScenario("Trainee edit"));
        using var publish = await client.PostAsync($"/api/scenarios/{A.DraftScenarioId}/publish", null);
        using var archive = await client.PostAsync($"/api/scenarios/{A.PublishedScenarioId}/archive", null);

        await put.ShouldBeProblem(HttpStatusCode.Forbidden);
        await publish.ShouldBeProblem(HttpStatusCode.Forbidden);
        await archive.ShouldBeProblem(HttpStatusCode.Forbidden);
        var draft = await StoredAsync(A.DraftScenarioId);
        draft!.Status.Should().Be(ScenarioStatus.Draft);
        draft.Title.Should().Be($"{A.Marker} Renewal draft");
        (await StoredAsync(A.PublishedScenarioId))!.Status.Should().Be(ScenarioStatus.Published);
    }

    // ---- POST /api/scenarios/{id}/publish and /archive --------------------------------------

    [Fact]
    public async Task Publishing_makes_a_draft_visible_to_trainees()
    {
        var id = await CreateAsync("To publish");

        using var response = await fixture.ClientFor(A.Manager).PostAsync($"/api/scenarios/{id}/publish", null);

        var scenario = await response.ShouldHaveStatus(HttpStatusCode.OK);
        scenario.Str("status").Should().Be("published");
        scenario.GetProperty("publishedAt").GetDateTimeOffset().Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
        (await fixture.ClientFor(A.Trainee).GetJsonAsync($"/api/scenarios/{id}")).Str("title").Should().Be("To publish");
    }

    [Fact]
    public async Task Publishing_without_a_rubric_is_422()
    {
        using var created = await fixture.ClientFor(A.Manager).PostJsonAsync("/api/scenarios", NewScenario("No rubric", rubric: []));
        var id = (await created.ShouldHaveStatus(HttpStatusCode.Created)).Id();

        using var response = await fixture.ClientFor(A.Manager).PostAsync($"/api/scenarios/{id}/publish", null);

        (await response.ShouldBeProblem(HttpStatusCode.UnprocessableEntity)).Str("detail").Should().Contain("rubric");
        (await StoredAsync(id))!.Status.Should().Be(ScenarioStatus.Draft);
    }

    [Fact]
    public async Task Archiving_hides_a_scenario_from_trainees_and_publishing_brings_it_back()
    {
        var id = await CreateAsync("Archivable");
        var manager = fixture.ClientFor(A.Manager);
        using (var publish = await manager.PostAsync($"/api/scenarios/{id}/publish", null)) await publish.ShouldHaveStatus(HttpStatusCode.OK);

        using var archive = await manager.PostAsync($"/api/scenarios/{id}/archive", ClientHttp.RawJson("{}"));

        (await archive.ShouldHaveStatus(HttpStatusCode.OK)).Str("status").Should().Be("archived");
        using var hidden = await fixture.ClientFor(A.Trainee).GetAsync($"/api/scenarios/{id}");
        await hidden.ShouldBeProblem(HttpStatusCode.NotFound);

        using var republish = await manager.PostAsync($"/api/scenarios/{id}/publish", null);
        (await republish.ShouldHaveStatus(HttpStatusCode.OK)).Str("status").Should().Be("published");
    }

    [Theory]
    [InlineData("publish")]
    [InlineData("archive")]
    public async Task Publishing_or_archiving_an_unknown_scenario_is_404(string action)
    {
        using var response = await fixture.ClientFor(A.Manager).PostAsync($"/api/scenarios/{Guid.NewGuid()}/{action}", null);

        await response.ShouldBeProblem(HttpStatusCode.NotFound);
    }

    private async Task<Guid> CreateAsync(string title)
    {
        using var response = await fixture.ClientFor(A.Manager).PostJsonAsync("/api/scenarios", NewScenario(title));
        return (await response.ShouldHaveStatus(HttpStatusCode.Created)).Id();
    }

    private Task<Scenario?> StoredAsync(Guid id) =>
        fixture.WithDbAsync(db => db.Scenarios.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(s => s.Id == id));

    private Task<int> CountAsync() =>
        fixture.WithDbAsync(db => db.Scenarios.IgnoreQueryFilters().CountAsync(s => s.OrgId == A.Id));
}
