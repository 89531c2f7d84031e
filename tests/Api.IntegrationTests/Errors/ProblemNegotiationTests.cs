using System.Net;
using System.Net.Http.Headers;
using System.Text;
using VoiceTraining.Api.IntegrationTests.Infrastructure;

namespace VoiceTraining.Api.IntegrationTests.Errors;

/// <summary>
/// Found by the OpenAPI fuzzer (20,000 requests): an Accept that names no JSON type turned a
/// status-code problem into text/plain, an Accept-Charset of utf-16 answered problems in UTF-16, and a
/// null list reached a rule that counted it (500). Problems are application/problem+json in UTF-8
/// whatever the request asks for, and a null list is a 400 naming it.
/// </summary>
public sealed class ProblemNegotiationTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private SeededOrganization A => fixture.OrgA;

    [Theory]
    [InlineData("application/xml")]
    [InlineData("text/html;q=abc")]
    [InlineData("text/plain")]
    public async Task A_415_is_a_problem_whatever_the_accept_header(string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/personas")
        {
            Content = new StringContent("name=N&voiceId=v", Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.TryAddWithoutValidation("Accept", accept);

        using var response = await fixture.ClientFor(A.Manager).SendAsync(request);

        await response.ShouldBeProblem(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task An_unknown_route_with_accept_xml_is_a_problem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/does-not-exist");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/xml"));

        using var response = await fixture.ClientFor(A.Admin).SendAsync(request);

        await response.ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("utf-16")]
    [InlineData("utf-32, utf-16;q=0.9")]
    public async Task Problems_and_answers_are_utf8_whatever_the_accept_charset(string charset)
    {
        using var problemRequest = new HttpRequestMessage(HttpMethod.Get, $"/api/scenarios/{Guid.NewGuid()}");
        problemRequest.Headers.TryAddWithoutValidation("Accept-Charset", charset);
        using var okRequest = new HttpRequestMessage(HttpMethod.Get, "/api/organization");
        okRequest.Headers.TryAddWithoutValidation("Accept-Charset", charset);

        using var problem = await fixture.ClientFor(A.Admin).SendAsync(problemRequest);
        using var ok = await fixture.ClientFor(A.Admin).SendAsync(okRequest);

        await problem.ShouldBeProblem(HttpStatusCode.NotFound);
        (await ok.ShouldHaveStatus(HttpStatusCode.OK)).Id().Should().Be(A.Id);
        foreach (var response in new[] { problem, ok })
            (response.Content.Headers.ContentType!.CharSet ?? "utf-8").Should().Be("utf-8");
    }

    [Theory]
    [InlineData("PUT", "/api/tracks/{track}")]
    [InlineData("POST", "/api/tracks")]
    public async Task A_null_list_is_a_400_naming_it(string method, string url)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url.Replace("{track}", A.TrackId.ToString(), StringComparison.Ordinal))
        {
            Content = ClientHttp.RawJson("""{"title":"Null list","scenarioIds":null}"""),
        };

        using var response = await fixture.ClientFor(A.Admin).SendAsync(request);

        await response.ShouldBeValidationProblem("scenarioIds");
    }
}
