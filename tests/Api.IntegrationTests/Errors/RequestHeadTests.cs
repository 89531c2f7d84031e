using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Api.IntegrationTests.Infrastructure;

namespace VoiceTraining.Api.IntegrationTests.Errors;

/// <summary>
/// What comes before the body, found by the OpenAPI fuzzer: a malformed Content-Type, a long target,
/// large or many headers, and a declared body over the limit where the endpoint would not read it.
/// Each is an RFC 9457 problem from the API, not a 500, not Kestrel's empty answer, not a dropped connection.
/// </summary>
public sealed class RequestHeadTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private SeededOrganization A => fixture.OrgA;

    [Theory]
    [InlineData("application/json; charset=")]
    [InlineData("application/json; charset=\"")]
    [InlineData("application/json;;")]
    [InlineData("application/json; boundary=")]
    [InlineData("json")]
    [InlineData("/")]
    public async Task A_content_type_that_is_not_a_media_type_is_415_not_500(string contentType)
    {
        var before = await PersonaCountAsync();
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"name":"Header persona","voiceId":"v"}"""));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var response = await fixture.ClientFor(A.Manager).PostAsync("/api/personas", content);

        var problem = await response.ShouldBeProblem(HttpStatusCode.UnsupportedMediaType);
        problem.Str("detail").Should().Contain("Content-Type");
        (await PersonaCountAsync()).Should().Be(before);
    }

    [Fact]
    public async Task The_empty_charset_that_crashed_the_body_reader_is_refused_on_other_operations_too()
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"assignmentEmails":false}"""));
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=");

        using var response = await fixture.ClientFor(A.Admin).PutAsync("/api/members/me/email-preferences", content);

        await response.ShouldBeProblem(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_request_target_over_8_KiB_is_a_414_problem()
    {
        using var response = await fixture.ClientFor(A.Admin).GetAsync("/api/scenarios?search=" + new string('l', 9 * 1024));

        var problem = await response.ShouldBeProblem(HttpStatusCode.RequestUriTooLong);
        problem.Str("detail").Should().Contain("8192");
    }

    [Fact]
    public async Task A_target_just_under_the_limit_is_served()
    {
        using var response = await fixture.ClientFor(A.Admin).GetAsync("/api/organization?padding=" + new string('l', 7 * 1024));

        await response.ShouldHaveStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Headers_over_32_KiB_are_a_431_problem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/organization");
        request.Headers.TryAddWithoutValidation("X-Large", new string('h', 40 * 1024));

        using var response = await fixture.ClientFor(A.Admin).SendAsync(request);

        await response.ShouldBeProblem(HttpStatusCode.RequestHeaderFieldsTooLarge);
    }

    [Fact]
    public async Task More_than_100_headers_are_a_431_problem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/organization");
        for (var i = 0; i < 120; i++) request.Headers.TryAddWithoutValidation($"X-Many-{i}", "v");

        using var response = await fixture.ClientFor(A.Admin).SendAsync(request);

        await response.ShouldBeProblem(HttpStatusCode.RequestHeaderFieldsTooLarge);
    }

    [Theory]
    [InlineData("GET", "/api/organization")]
    [InlineData("GET", "/api/config")]
    [InlineData("DELETE", "/api/assignments/{assignment}")]
    public async Task A_declared_body_over_the_limit_is_413_even_where_no_body_is_read(string method, string url)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url.Replace("{assignment}", A.LonerAssignmentId.ToString(), StringComparison.Ordinal))
        {
            Content = ClientHttp.RawJson($$"""{"name":"{{new string('x', 1024 * 1024)}}"}"""),
        };
        request.Headers.ExpectContinue = true;

        using var response = await fixture.ClientFor(A.Admin).SendAsync(request);

        await response.ShouldBeProblem(HttpStatusCode.RequestEntityTooLarge);
        (await fixture.ClientFor(A.Admin).GetJsonAsync($"/api/assignments/{A.LonerAssignmentId}")).Id().Should().Be(A.LonerAssignmentId);
    }

    private Task<int> PersonaCountAsync() =>
        fixture.WithDbAsync(db => db.Personas.IgnoreQueryFilters().CountAsync(p => p.OrgId == A.Id));
}
