using System.Net;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Domain.Personas;

namespace VoiceTraining.Api.IntegrationTests.Personas;

public sealed class PersonasEndpointTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private SeededOrganization A => fixture.OrgA;

    private static object NewPersona(string name = "Derek, skeptical CFO", string difficulty = "hard") => new
    {
        name,
        description = "Busy and numbers-driven.",
        voiceProvider = "elevenlabs",
        voiceId = "derek_executive",
        difficulty,
    };

    [Fact]
    public async Task Members_list_personas_of_their_organization_only()
    {
        var page = await fixture.ClientFor(A.Trainee).GetJsonAsync("/api/personas?pageSize=100");

        page.ItemIds().Should().Contain(A.PersonaId).And.NotContain(fixture.OrgB.PersonaId);
        var persona = page.Items().Single(i => i.Id() == A.PersonaId);
        persona.Str("name").Should().Be($"Sarah {A.Marker}");
        persona.Str("voiceProvider").Should().Be("elevenlabs");
        persona.Str("voiceId").Should().Be("sarah_professional");
        persona.Str("difficulty").Should().Be("easy");
        page.ToString().Should().NotContain(fixture.OrgB.Marker);
    }

    [Fact]
    public async Task The_list_filters_by_difficulty_and_search()
    {
        var org = await fixture.SeedOrganizationAsync();
        var manager = fixture.ClientFor(org.Manager);
        using var created = await manager.PostJsonAsync("/api/personas", NewPersona("Hard Harriet", "hard"));
        var harriet = (await created.ShouldHaveStatus(HttpStatusCode.Created)).Id();

        (await manager.GetJsonAsync("/api/personas?difficulty=hard")).ItemIds().Should().Equal(harriet);
        (await manager.GetJsonAsync("/api/personas?difficulty=easy")).ItemIds().Should().Equal(org.PersonaId);
        (await manager.GetJsonAsync("/api/personas?search=harriet")).ItemIds().Should().Equal(harriet);
        (await manager.GetJsonAsync("/api/personas")).ItemIds().Should().Equal(harriet, org.PersonaId);
        (await manager.GetJsonAsync("/api/personas?sort=oldest")).ItemIds().Should().Equal(org.PersonaId, harriet);
    }

    [Theory]
    [InlineData("difficulty=impossible", "difficulty")]
    [InlineData("difficulty=1", "difficulty")]
    [InlineData("pageSize=500", "pageSize")]
    public async Task Bad_list_parameters_are_validation_errors(string query, string field)
    {
        using var response = await fixture.ClientFor(A.Trainee).GetAsync("/api/personas?" + query);

        await response.ShouldBeValidationProblem(field);
    }

    [Fact]
    public async Task A_persona_is_read_by_id()
    {
        var persona = await fixture.ClientFor(A.Trainee).GetJsonAsync($"/api/personas/{A.PersonaId}");

        persona.Id().Should().Be(A.PersonaId);
        persona.Str("description").Should().Be("A cautious first-time buyer.");
        persona.GetProperty("createdAt").GetDateTimeOffset().Should().BeBefore(DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task Unknown_and_foreign_personas_are_404()
    {
        using var unknown = await fixture.ClientFor(A.Admin).GetAsync($"/api/personas/{Guid.NewGuid()}");
        using var foreign = await fixture.ClientFor(A.Admin).GetAsync($"/api/personas/{fixture.OrgB.PersonaId}");

        await unknown.ShouldBeProblem(HttpStatusCode.NotFound);
        (await foreign.ShouldBeProblem(HttpStatusCode.NotFound)).ToString().Should().NotContain(fixture.OrgB.Marker);
    }

    [Theory]
    [InlineData("manager")]
    [InlineData("admin")]
    public async Task Managers_and_admins_create_personas(string role)
    {
        var client = fixture.ClientFor(role == "admin" ? A.Admin : A.Manager);

        using var response = await client.PostJsonAsync("/api/personas", NewPersona($"Created by {role}"));

        var persona = await response.ShouldHaveStatus(HttpStatusCode.Created);
        var id = persona.Id();
        persona.Str("name").Should().Be($"Created by {role}");
        persona.Str("difficulty").Should().Be("hard");
        persona.Str("voiceId").Should().Be("derek_executive");
        response.Headers.Location.Should().NotBeNull();
        response.Headers.Location!.AbsolutePath.Should().Be($"/api/personas/{id}");
        var fetched = await client.GetJsonAsync(response.Headers.Location.ToString());
        fetched.Str("name").Should().Be($"Created by {role}");
        (await StoredAsync(id))!.OrgId.Should().Be(A.Id);
    }

    [Fact]
    public async Task Difficulty_defaults_to_medium_and_the_provider_to_elevenlabs()
    {
        using var response = await fixture.ClientFor(A.Manager).PostJsonAsync("/api/personas", new { name = "Defaulted", voiceId = "v1" });

        var persona = await response.ShouldHaveStatus(HttpStatusCode.Created);
        persona.Str("difficulty").Should().Be("medium");
        persona.Str("voiceProvider").Should().Be("elevenlabs");
        persona.Str("description").Should().BeEmpty();
    }

    [Fact]
    public async Task Trainees_cannot_create_personas()
    {
        var before = await CountAsync(A.Id);

        using var response = await fixture.ClientFor(A.Trainee).PostJsonAsync("/api/personas", NewPersona("Sneaky"));

        await response.ShouldBeProblem(HttpStatusCode.Forbidden);
        (await CountAsync(A.Id)).Should().Be(before);
    }

    public static TheoryData<string, string[]> InvalidBodies() => new()
    {
        { """{"name":"","voiceId":"v"}""", ["name"] },
        { """{"name":"N","voiceId":""}""", ["voiceId"] },
        { """{"name":"N","voiceId":"v","voiceProvider":""}""", ["voiceProvider"] },
        { $$"""{"name":"{{new string('n', 201)}}","voiceId":"v"}""", ["name"] },
        { $$"""{"name":"N","voiceId":"v","description":"{{new string('d', 4001)}}"}""", ["description"] },
        { """{"name":"","voiceId":"","voiceProvider":""}""", ["name", "voiceId", "voiceProvider"] },
        { """{"name":"N","voiceId":"v","difficulty":"impossible"}""", ["difficulty"] },
        { """{"name":"N","voiceId":"v","difficulty":2}""", ["difficulty"] },
        { """{"name":123,"voiceId":"v"}""", ["name"] },
        { """{"name":"N","voiceId":["v"]}""", ["voiceId"] },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Invalid_persona_bodies_are_rejected_and_nothing_is_stored(string body, string[] fields)
    {
        var before = await CountAsync(A.Id);

        using var response = await fixture.ClientFor(A.Manager).PostAsync("/api/personas", ClientHttp.RawJson(body));

        await response.ShouldBeValidationProblem(fields);
        (await CountAsync(A.Id)).Should().Be(before);
    }

    [Fact]
    public async Task A_persona_is_replaced_with_put()
    {
        var id = await CreateAsync(A.Manager, "Before");

        using var response = await fixture.ClientFor(A.Manager).PutJsonAsync($"/api/personas/{id}",
            new { name = "After", description = "New text", voiceProvider = "playht", voiceId = "v2", difficulty = "easy" });

        var persona = await response.ShouldHaveStatus(HttpStatusCode.OK);
        persona.Str("name").Should().Be("After");
        persona.Str("voiceProvider").Should().Be("playht");
        persona.Str("difficulty").Should().Be("easy");
        var stored = await StoredAsync(id);
        stored!.Name.Should().Be("After");
        stored.Difficulty.Should().Be(Difficulty.Easy);
        stored.UpdatedAt.Should().BeAfter(stored.CreatedAt);
    }

    [Fact]
    public async Task An_invalid_update_changes_nothing()
    {
        var id = await CreateAsync(A.Manager, "Unchanged");

        using var response = await fixture.ClientFor(A.Manager).PutJsonAsync($"/api/personas/{id}", new { name = "", voiceProvider = "x", voiceId = "y", difficulty = "easy" });

        await response.ShouldBeValidationProblem("name");
        var stored = await StoredAsync(id);
        stored!.Name.Should().Be("Unchanged");
        stored.Difficulty.Should().Be(Difficulty.Hard);
    }

    [Fact]
    public async Task Trainees_cannot_update_or_delete_personas()
    {
        var client = fixture.ClientFor(A.Trainee);

        using var put = await client.PutJsonAsync($"/api/personas/{A.PersonaId}", new { name = "Hacked", voiceProvider = "x", voiceId = "y", difficulty = "easy" });
        using var delete = await client.DeleteAsync($"/api/personas/{A.PersonaId}");

        await put.ShouldBeProblem(HttpStatusCode.Forbidden);
        await delete.ShouldBeProblem(HttpStatusCode.Forbidden);
        (await StoredAsync(A.PersonaId))!.Name.Should().Be($"Sarah {A.Marker}");
    }

    [Fact]
    public async Task Updating_or_deleting_an_unknown_persona_is_404()
    {
        var client = fixture.ClientFor(A.Manager);

        using var put = await client.PutJsonAsync($"/api/personas/{Guid.NewGuid()}", new { name = "X", voiceProvider = "x", voiceId = "y", difficulty = "easy" });
        using var delete = await client.DeleteAsync($"/api/personas/{Guid.NewGuid()}");

        await put.ShouldBeProblem(HttpStatusCode.NotFound);
        await delete.ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_unused_persona_is_deleted()
    {
        var id = await CreateAsync(A.Manager, "Disposable");

        using var response = await fixture.ClientFor(A.Manager).DeleteAsync($"/api/personas/{id}");

        await response.ShouldHaveStatus(HttpStatusCode.NoContent);
        (await StoredAsync(id)).Should().BeNull();
        using var gone = await fixture.ClientFor(A.Manager).GetAsync($"/api/personas/{id}");
        await gone.ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_persona_used_by_a_scenario_cannot_be_deleted()
    {
        using var response = await fixture.ClientFor(A.Admin).DeleteAsync($"/api/personas/{A.PersonaId}");

        (await response.ShouldBeProblem(HttpStatusCode.Conflict)).Str("detail").Should().Contain("used by");
        (await StoredAsync(A.PersonaId)).Should().NotBeNull();
    }

    private async Task<Guid> CreateAsync(SeededMember caller, string name)
    {
        using var response = await fixture.ClientFor(caller).PostJsonAsync("/api/personas", NewPersona(name));
        return (await response.ShouldHaveStatus(HttpStatusCode.Created)).Id();
    }

    private Task<Persona?> StoredAsync(Guid id) =>
        fixture.WithDbAsync(db => db.Personas.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(p => p.Id == id));

    private Task<int> CountAsync(Guid orgId) =>
        fixture.WithDbAsync(db => db.Personas.IgnoreQueryFilters().CountAsync(p => p.OrgId == orgId));
}
