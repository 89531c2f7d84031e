using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Api.IntegrationTests.Infrastructure;

namespace VoiceTraining.Api.IntegrationTests.Errors;

/// <summary>Requests the API cannot use: every one is answered with an RFC 9457 problem, and nothing is stored.</summary>
public sealed class RequestErrorTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private SeededOrganization A => fixture.OrgA;

    [Theory]
    [InlineData("""{"name":"Half""")]
    [InlineData("""{"name":"N","voiceId":"v",}""")]
    [InlineData("""{name:"N"}""")]
    [InlineData("not json at all")]
    public async Task Malformed_json_is_a_400_without_internals(string body)
    {
        var before = await PersonaCountAsync();

        using var response = await fixture.ClientFor(A.Manager).PostAsync("/api/personas", ClientHttp.RawJson(body));

        var problem = await response.ShouldBeProblem(HttpStatusCode.BadRequest);
        problem.Str("title").Should().Be("One or more validation errors occurred.");
        problem.GetProperty("errors").EnumerateObject().Should().NotBeEmpty();
        problem.ToString().Should().NotContainAny("System.", "VoiceTraining", "Command", "Exception", "BytePosition");
        problem.Str("traceId").Should().NotBeNullOrWhiteSpace();
        (await PersonaCountAsync()).Should().Be(before);
    }

    [Theory]
    [InlineData("query parameter that does not bind", "GET", "/api/assignments?status=lost", null, 400)]
    [InlineData("body that does not parse", "POST", "/api/personas", """{"name":""", 400)]
    [InlineData("body field of the wrong type", "POST", "/api/personas", """{"name":1,"voiceId":"v"}""", 400)]
    [InlineData("field rule broken", "POST", "/api/personas", """{"name":"","voiceId":"v"}""", 400)]
    [InlineData("unknown resource", "GET", "/api/personas/6f1c1c56-0000-4000-8000-000000000000", null, 404)]
    [InlineData("domain rule broken", "POST", "/api/scenarios/{draftWithoutRubric}/publish", null, 422)]
    public async Task Every_error_is_served_as_application_problem_json(string why, string method, string url, string? body, int status)
    {
        if (url.Contains("{draftWithoutRubric}", StringComparison.Ordinal))
        {
            using var created = await fixture.ClientFor(A.Manager).PostJsonAsync("/api/scenarios", new { title = "No rubric " + why, personaId = A.PersonaId, aiPrompt = "p" });
            url = url.Replace("{draftWithoutRubric}", (await created.ShouldHaveStatus(HttpStatusCode.Created)).Id().ToString(), StringComparison.Ordinal);
        }
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (body is not null) request.Content = ClientHttp.RawJson(body);

        using var response = await fixture.ClientFor(A.Manager).SendAsync(request);

        await response.ShouldBeProblem((HttpStatusCode)status);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json", "RFC 9457 problems have their own media type ({0})", why);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"a string\"")]
    [InlineData("42")]
    public async Task A_body_that_is_not_an_object_is_a_400(string body)
    {
        using var response = await fixture.ClientFor(A.Manager).PostAsync("/api/personas", ClientHttp.RawJson(body));

        var problem = await response.ShouldBeProblem(HttpStatusCode.BadRequest);
        problem.TryGetProperty("errors", out _).Should().BeTrue();
    }

    [Fact]
    public async Task A_wrongly_typed_field_is_named_in_the_errors()
    {
        var before = await PersonaCountAsync();

        using var response = await fixture.ClientFor(A.Manager).PostAsync("/api/personas", ClientHttp.RawJson("""{"name":{"first":"N"},"voiceId":"v"}"""));

        await response.ShouldBeValidationProblem("name");
        (await PersonaCountAsync()).Should().Be(before);
    }

    [Fact]
    public async Task An_unknown_enum_value_in_a_body_is_named_in_the_errors()
    {
        using var response = await fixture.ClientFor(A.Manager).PostAsync("/api/personas", ClientHttp.RawJson("""{"name":"N","voiceId":"v","difficulty":"Nightmare"}"""));

        await response.ShouldBeValidationProblem("difficulty");
    }

    [Fact]
    public async Task An_unknown_enum_value_in_a_query_lists_the_allowed_values()
    {
        using var response = await fixture.ClientFor(A.Admin).GetAsync("/api/assignments?status=lost");

        var errors = await response.ShouldBeValidationProblem("status");
        errors.GetProperty("status")[0].GetString().Should().Be("'lost' is not one of: pending, completed, overdue.");
    }

    [Fact]
    public async Task An_empty_body_is_a_400()
    {
        using var response = await fixture.ClientFor(A.Manager).PostAsync("/api/personas", new StringContent("", Encoding.UTF8, "application/json"));

        await response.ShouldBeProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_415()
    {
        using var response = await fixture.ClientFor(A.Manager).PostAsync("/api/personas", new StringContent("name=N&voiceId=v", Encoding.UTF8, "application/x-www-form-urlencoded"));

        await response.ShouldBeProblem(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_body_over_one_mebibyte_is_413_and_nothing_is_stored()
    {
        var before = await PersonaCountAsync();
        var json = $$"""{"name":"Big","voiceId":"v","description":"{{new string('x', 1024 * 1024)}}"}""";
        // Expect: 100-continue lets the server refuse before the body is sent, as browsers and proxies would see it.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/personas") { Content = ClientHttp.RawJson(json) };
        request.Headers.ExpectContinue = true;

        using var response = await fixture.ClientFor(A.Manager).SendAsync(request);

        var problem = await response.ShouldBeProblem(HttpStatusCode.RequestEntityTooLarge);
        problem.Str("detail").Should().Be("The request body is too large.");
        (await PersonaCountAsync()).Should().Be(before);
    }

    [Fact]
    public async Task A_chunked_body_over_one_mebibyte_is_413_too()
    {
        var before = await PersonaCountAsync();
        var bytes = Encoding.UTF8.GetBytes($$"""{"name":"Big","voiceId":"v","description":"{{new string('x', 1024 * 1024 + 10)}}"}""");
        using var content = new StreamContent(new UnknownLengthStream(bytes));
        content.Headers.ContentType = new("application/json");

        using var response = await fixture.ClientFor(A.Manager).PostAsync("/api/personas", content);

        await response.ShouldBeProblem(HttpStatusCode.RequestEntityTooLarge);
        (await PersonaCountAsync()).Should().Be(before);
    }

    [Fact]
    public async Task A_large_body_under_the_limit_reaches_validation()
    {
        var json = $$"""{"name":"Big","voiceId":"v","description":"{{new string('x', 1000 * 1000)}}"}""";

        using var response = await fixture.ClientFor(A.Manager).PostAsync("/api/personas", ClientHttp.RawJson(json));

        await response.ShouldBeValidationProblem("description");
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_problem()
    {
        using var response = await fixture.ClientFor(A.Admin).GetAsync("/api/does-not-exist");

        var problem = await response.ShouldBeProblem(HttpStatusCode.NotFound);
        problem.Str("instance").Should().Be("/api/does-not-exist");
    }

    [Fact]
    public async Task An_unsupported_method_is_a_405_problem()
    {
        using var response = await fixture.ClientFor(A.Admin).DeleteAsync("/api/organization");

        await response.ShouldBeProblem(HttpStatusCode.MethodNotAllowed);
        (await fixture.ClientFor(A.Admin).GetJsonAsync("/api/organization")).Id().Should().Be(A.Id);
    }

    [Fact]
    public async Task Problems_carry_type_instance_and_trace_id()
    {
        using var response = await fixture.ClientFor(A.Admin).GetAsync($"/api/scenarios/{Guid.NewGuid()}");

        var problem = await response.ShouldBeProblem(HttpStatusCode.NotFound);
        problem.Str("type").Should().StartWith("https://");
        problem.Str("instance").Should().StartWith("/api/scenarios/");
        problem.Str("traceId").Should().NotBeNullOrWhiteSpace();
        problem.Str("title").Should().Be("Not Found");
    }

    private Task<int> PersonaCountAsync() =>
        fixture.WithDbAsync(db => db.Personas.IgnoreQueryFilters().CountAsync(p => p.OrgId == A.Id));

    /// <summary>A stream that does not say how long it is, so the client sends it chunked.</summary>
    private sealed class UnknownLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
