using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Api.IntegrationTests.Infrastructure;

namespace VoiceTraining.Api.IntegrationTests.Errors;

/// <summary>
/// Requests built to break the input handling (a body in another charset, control characters,
/// null list elements, unknown fields, quoted numbers): each one is a 4xx problem naming what to fix,
/// never a 500, and nothing is stored.
/// </summary>
public sealed class HostileInputTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private SeededOrganization A => fixture.OrgA;

    /// <summary>JSON-accepting operations of different controllers, each with a body it would otherwise accept.</summary>
    public static TheoryData<string, string, string> JsonOperations => new()
    {
        { "POST", "/api/personas", """{"name":"Charset persona","voiceId":"v"}""" },
        { "PUT", "/api/personas/{persona}", """{"name":"Charset persona","voiceId":"v"}""" },
        { "POST", "/api/scenarios", """{"title":"Charset scenario","personaId":"{persona}","aiPrompt":"p"}""" },
        { "PUT", "/api/organization", """{"name":"Charset org"}""" },
        { "POST", "/api/tracks", """{"title":"Charset track","scenarioIds":[]}""" },
        { "POST", "/api/attempts/{attempt}/comments", """{"body":"Charset comment"}""" },
        { "POST", "/api/members", """{"email":"charset@example.test"}""" },
    };

    [Theory]
    [MemberData(nameof(JsonOperations))]
    public async Task A_json_body_in_utf16_is_415_naming_utf8(string method, string url, string body)
    {
        using var request = Request(method, url, body);
        request.Content = new StringContent(Fill(body), Encoding.Unicode, "application/json");

        using var response = await fixture.ClientFor(A.Admin).SendAsync(request);

        var problem = await response.ShouldBeProblem(HttpStatusCode.UnsupportedMediaType);
        problem.Str("detail").Should().Contain("application/json; charset=utf-8");
    }

    [Theory]
    [InlineData("utf-16")]
    [InlineData("utf-16be")]
    [InlineData("utf-32")]
    [InlineData("iso-8859-1")]
    [InlineData("no-such-charset")]
    public async Task Any_charset_other_than_utf8_is_415(string charset)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"name":"Latin","voiceId":"v"}"""));
        content.Headers.TryAddWithoutValidation("Content-Type", $"application/json; charset={charset}");

        using var response = await fixture.ClientFor(A.Manager).PostAsync("/api/personas", content);

        var problem = await response.ShouldBeProblem(HttpStatusCode.UnsupportedMediaType);
        problem.Str("detail").Should().Contain("application/json; charset=utf-8");
    }

    [Theory]
    [InlineData("utf-8")]
    [InlineData("UTF-8")]
    [InlineData(null)]
    public async Task Utf8_with_or_without_the_charset_is_read(string? charset)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"name":"Utf8 persona ü","voiceId":"v"}"""));
        content.Headers.TryAddWithoutValidation("Content-Type", charset is null ? "application/json" : $"application/json; charset={charset}");

        using var response = await fixture.ClientFor(A.Manager).PostAsync("/api/personas", content);

        (await response.ShouldHaveStatus(HttpStatusCode.Created)).Str("name").Should().Be("Utf8 persona ü");
    }

    [Theory]
    [InlineData("POST", "/api/personas", """{"name":"Nul\u0000persona","voiceId":"v"}""", "name")]
    [InlineData("POST", "/api/personas", """{"name":"Bell","voiceId":"v","description":"ring\u0007"}""", "description")]
    [InlineData("POST", "/api/scenarios", """{"title":"Nul\u0000title","personaId":"{persona}","aiPrompt":"p"}""", "title")]
    [InlineData("POST", "/api/scenarios", """{"title":"Prompt","personaId":"{persona}","aiPrompt":"p\u0000"}""", "aiPrompt")]
    [InlineData("POST", "/api/scenarios", """{"title":"Desc","personaId":"{persona}","aiPrompt":"p","description":"\u001b[31m"}""", "description")]
    [InlineData("POST", "/api/scenarios", """{"title":"Rubric","personaId":"{persona}","aiPrompt":"p","rubric":[{"name":"N\u0000","weight":1,"kind":"required_phrases","phrases":["hi"]}]}""", "rubric[0].name")]
    [InlineData("PUT", "/api/organization", """{"name":"Org\u0000"}""", "name")]
    [InlineData("POST", "/api/attempts/{attempt}/comments", """{"body":"Nice\u0000"}""", "body")]
    [InlineData("POST", "/api/tracks", """{"title":"Lone \ud800 surrogate","scenarioIds":[]}""", "title")]
    public async Task A_control_character_in_a_json_string_is_a_400_naming_the_field(string method, string url, string body, string field)
    {
        var before = await PersonaCountAsync();
        using var request = Request(method, url, body);

        using var response = await fixture.ClientFor(A.Admin).SendAsync(request);

        var errors = await response.ShouldBeValidationProblem(field);
        errors.ToString().Should().NotContainAny("System.", "Exception", "VoiceTraining");
        (await PersonaCountAsync()).Should().Be(before);
    }

    [Fact]
    public async Task The_control_character_refusal_says_which_character_and_what_is_allowed()
    {
        using var response = await fixture.ClientFor(A.Manager).PostAsync("/api/personas", ClientHttp.RawJson("""{"name":"Nul\u0000","voiceId":"v"}"""));

        var errors = await response.ShouldBeValidationProblem("name");
        errors.GetProperty("name")[0].GetString().Should().Contain("U+0000").And.Contain("tab, line feed and carriage return");
    }

    [Fact]
    public async Task Tab_line_feed_and_carriage_return_are_kept()
    {
        using var response = await fixture.ClientFor(A.Manager).PostAsync("/api/personas",
            ClientHttp.RawJson("""{"name":"Multi line","voiceId":"v","description":"one\ttwo\r\nthree\nfour 😀"}"""));

        (await response.ShouldHaveStatus(HttpStatusCode.Created)).Str("description").Should().Be("one\ttwo\r\nthree\nfour 😀");
    }

    [Theory]
    [InlineData("/api/scenarios?search=a%00b", "search")]
    [InlineData("/api/personas?search=%00", "search")]
    [InlineData("/api/members?search=x%07", "search")]
    [InlineData("/api/tracks?search=%1F", "search")]
    [InlineData("/api/webhooks/deliveries?eventType=scenario.completed%00", "eventType")]
    [InlineData("/api/webhooks/events?eventType=%00", "eventType")]
    public async Task A_control_character_in_a_query_parameter_is_a_400_naming_it(string url, string field)
    {
        using var response = await fixture.ClientFor(A.Admin).GetAsync(url);

        await response.ShouldBeValidationProblem(field);
    }

    [Fact]
    public async Task An_ordinary_search_still_works()
    {
        using var response = await fixture.ClientFor(A.Admin).GetAsync("/api/scenarios?search=%C3%BC%20x");

        await response.ShouldHaveStatus(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("POST", "/api/scenarios", """{"title":"Null rubric","personaId":"{persona}","aiPrompt":"p","rubric":[null]}""", "rubric[0]")]
    [InlineData("PUT", "/api/scenarios/{draft}", """{"title":"Null rubric","personaId":"{persona}","aiPrompt":"p","rubric":[{"name":"Ok","weight":1,"kind":"required_phrases","phrases":["hi"]},null]}""", "rubric[1]")]
    [InlineData("POST", "/api/scenarios", """{"title":"Null phrase","personaId":"{persona}","aiPrompt":"p","rubric":[{"name":"Ok","weight":1,"kind":"required_phrases","phrases":["hi",null]}]}""", "rubric[0].phrases[1]")]
    [InlineData("POST", "/api/webhooks", """{"name":"Null event","url":"https://hooks.example.test/x","events":["scenario.completed",null]}""", "events[1]")]
    [InlineData("POST", "/api/api-keys", """{"name":"Null scope","scopes":[null]}""", "scopes[0]")]
    [InlineData("POST", "/api/tracks", """{"title":"Null scenario","scenarioIds":[null]}""", "scenarioIds[0]")]
    public async Task A_null_list_element_is_a_400_naming_it(string method, string url, string body, string field)
    {
        using var request = Request(method, url, body);

        using var response = await fixture.ClientFor(A.Admin).SendAsync(request);

        await response.ShouldBeValidationProblem(field);
    }

    [Fact]
    public async Task A_control_character_in_a_signed_provider_webhook_is_a_400_not_a_500()
    {
        // Webhook bodies are the provider's, read by its adapter rather than the API's JSON input; what cannot be stored is still refused as the sender's.
        var org = await fixture.SeedOrganizationAsync("Nul webhook");
        var attemptId = await VoiceCalls.StartAsync(fixture, org.Trainee, org.PublishedScenarioId);
        object[] transcript = [new { role = "user", text = "Hi\u0000there", timestamp = 0, endTimestamp = 2000 }];

        using var response = await VoiceCalls.PostWebhookAsync(fixture.Anonymous(), VoiceCalls.CallEnded(attemptId, "call_" + Guid.NewGuid().ToString("N"), transcript));

        var problem = await response.ShouldBeProblem(HttpStatusCode.BadRequest);
        problem.Str("detail").Should().Contain("U+0000");
        problem.ToString().Should().NotContainAny("Npgsql", "Exception", "22021", "22P05", "0x00");
    }

    /// <summary>Operations of different controllers, each with a body it accepts plus a field its schema does not have.</summary>
    public static TheoryData<string, string, string, string> UnknownFieldOperations => new()
    {
        { "POST", "/api/personas", """{"name":"Extra persona","voiceId":"v","colour":"red"}""", "colour" },
        { "PUT", "/api/personas/{persona}", """{"name":"Extra persona","voiceId":"v","Colour":1}""", "Colour" },
        { "POST", "/api/scenarios", """{"title":"Extra scenario","personaId":"{persona}","aiPrompt":"p","isPublished":true}""", "isPublished" },
        { "PUT", "/api/organization", """{"name":"Extra org","plan":"enterprise"}""", "plan" },
        { "POST", "/api/tracks", """{"title":"Extra track","scenarioIds":[],"owner":{"id":1}}""", "owner" },
        { "POST", "/api/attempts/{attempt}/comments", """{"body":"Extra comment","authorId":"x"}""", "authorId" },
        { "POST", "/api/members", """{"email":"extra@example.test","password":"p"}""", "password" },
        { "POST", "/api/webhooks", """{"name":"Extra hook","url":"https://hooks.example.test/x","events":["scenario.completed"],"secret":"s"}""", "secret" },
        { "POST", "/api/api-keys", """{"name":"Extra key","scopes":[],"odd name.x":null}""", "odd name.x" },
        { "POST", "/api/personas", """{"Name":"Pascal persona","voiceId":"v"}""", "Name" },
    };

    [Theory]
    [MemberData(nameof(UnknownFieldOperations))]
    public async Task An_unknown_field_is_a_400_naming_it(string method, string url, string body, string field)
    {
        var before = await PersonaCountAsync();
        using var request = Request(method, url, body);

        using var response = await fixture.ClientFor(A.Admin).SendAsync(request);

        var errors = await response.ShouldBeValidationProblem(field);
        errors.GetProperty(field)[0].GetString().Should().Be("This field is not part of this request.");
        errors.ToString().Should().NotContainAny("System.", "Exception", "VoiceTraining", ".NET", "Command");
        (await PersonaCountAsync()).Should().Be(before);
    }

    [Theory]
    [InlineData("POST", "/api/scenarios", """{"title":"Nested","personaId":"{persona}","aiPrompt":"p","rubric":[{"name":"Ok","weight":1,"kind":"required_phrases","phrases":["hi"],"colour":"red"}]}""", "rubric[0].colour")]
    [InlineData("PUT", "/api/scenarios/{draft}", """{"title":"Nested","personaId":"{persona}","aiPrompt":"p","rubric":[{"name":"Ok","weight":1,"kind":"required_phrases","phrases":["hi"]},{"name":"Two","weight":1,"kind":"required_phrases","phrases":["x"],"Extra":[]}]}""", "rubric[1].Extra")]
    public async Task An_unknown_field_inside_a_list_element_is_a_400_naming_its_path(string method, string url, string body, string field)
    {
        using var request = Request(method, url, body);

        using var response = await fixture.ClientFor(A.Admin).SendAsync(request);

        var errors = await response.ShouldBeValidationProblem(field);
        errors.GetProperty(field)[0].GetString().Should().Be("This field is not part of this request.");
    }

    [Theory]
    [InlineData("POST", "/api/scenarios", """{"title":"Quoted","personaId":"{persona}","aiPrompt":"p","passingThreshold":"12"}""", "passingThreshold")]
    [InlineData("PUT", "/api/scenarios/{draft}", """{"title":"Quoted","personaId":"{persona}","aiPrompt":"p","rubric":[{"name":"Ok","weight":"1","kind":"required_phrases","phrases":["hi"]}]}""", "rubric[0].weight")]
    [InlineData("POST", "/api/scenarios", """{"title":"Quoted","personaId":"{persona}","aiPrompt":"p","rubric":[{"name":"Kpi","weight":1,"kind":"kpi_range","kpi":"talk_ratio","min":"0.2"}]}""", "rubric[0].min")]
    public async Task A_quoted_number_is_a_400_naming_the_field(string method, string url, string body, string field)
    {
        using var request = Request(method, url, body);

        using var response = await fixture.ClientFor(A.Admin).SendAsync(request);

        var errors = await response.ShouldBeValidationProblem(field);
        errors.GetProperty(field)[0].GetString().Should().Be("The value must be a JSON number, without quotes.");
        errors.ToString().Should().NotContainAny("System.", "Exception", "Int32", "Double");
    }

    [Fact]
    public async Task A_body_with_only_known_fields_and_real_numbers_is_still_accepted()
    {
        using var response = await fixture.ClientFor(A.Admin).PostAsync("/api/scenarios", ClientHttp.RawJson(Fill(
            """{"title":"Strict ok","personaId":"{persona}","aiPrompt":"p","passingThreshold":12,"rubric":[{"name":"Ok","weight":2,"kind":"required_phrases","phrases":["hi"]}]}""")));

        var scenario = await response.ShouldHaveStatus(HttpStatusCode.Created);
        scenario.Int("passingThreshold").Should().Be(12);
        scenario.GetProperty("rubric")[0].Int("weight").Should().Be(2);
    }

    [Fact]
    public async Task A_provider_webhook_with_fields_we_do_not_know_is_still_accepted()
    {
        // Providers add fields to their payloads without notice; the adapters parse the raw body themselves and ignore them.
        var org = await fixture.SeedOrganizationAsync("Extra fields webhook");
        var attemptId = await VoiceCalls.StartAsync(fixture, org.Trainee, org.PublishedScenarioId);
        var payload = System.Text.Json.Nodes.JsonNode.Parse(VoiceCalls.CallEnded(attemptId, "call_" + Guid.NewGuid().ToString("N")))!.AsObject();
        payload["newTopLevelField"] = "added by the provider";
        payload["call"]!["costBreakdown"] = new System.Text.Json.Nodes.JsonObject { ["llm"] = 0.01 };

        using var response = await VoiceCalls.PostWebhookAsync(fixture.Anonymous(), payload.ToJsonString());

        (await response.ShouldHaveStatus(HttpStatusCode.OK)).Str("outcome").Should().Be("applied");
        (await fixture.ClientFor(org.Trainee).GetJsonAsync($"/api/attempts/{attemptId}")).Str("status").Should().Be("completed");
    }

    private HttpRequestMessage Request(string method, string url, string body) =>
        new(new HttpMethod(method), Fill(url)) { Content = ClientHttp.RawJson(Fill(body)) };

    private string Fill(string text) => text
        .Replace("{persona}", A.PersonaId.ToString(), StringComparison.Ordinal)
        .Replace("{attempt}", A.TraineeAttemptId.ToString(), StringComparison.Ordinal)
        .Replace("{draft}", A.DraftScenarioId.ToString(), StringComparison.Ordinal);

    private Task<int> PersonaCountAsync() =>
        fixture.WithDbAsync(db => db.Personas.IgnoreQueryFilters().CountAsync(p => p.OrgId == A.Id));
}
