using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace VoiceTraining.Api.IntegrationTests.Infrastructure;

/// <summary>Sending JSON and reading answers the way a client of this API does.</summary>
public static class ClientHttp
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static HttpContent JsonBody(object body) => JsonContent.Create(body, options: Json);

    /// <summary>Raw JSON text (for malformed or oddly typed bodies).</summary>
    public static HttpContent RawJson(string json) => new StringContent(json, Encoding.UTF8, "application/json");

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) => client.PostAsync(url, JsonBody(body));

    /// <summary>
    /// Sends and reads the answer's body, except a live event stream's (text/event-stream), which
    /// never ends: its status and headers are its answer, and the stream is closed unread.
    /// </summary>
    public static async Task<(HttpResponseMessage Response, byte[] Body)> SendAndReadAsync(this HttpClient client, HttpRequestMessage request, CancellationToken cancellationToken = default)
    {
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.Content.Headers.ContentType?.MediaType == "text/event-stream") return (response, []);
        return (response, await response.Content.ReadAsByteArrayAsync(cancellationToken));
    }

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, object body) => client.PutAsync(url, JsonBody(body));

    public static Task<HttpResponseMessage> PatchJsonAsync(this HttpClient client, string url, object body) => client.PatchAsync(url, JsonBody(body));

    /// <summary>Asserts the status (showing the body when it differs) and returns the JSON body (Undefined when empty).</summary>
    public static async Task<JsonElement> ShouldHaveStatus(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        var logs = response.StatusCode == HttpStatusCode.InternalServerError && expected != HttpStatusCode.InternalServerError
            ? Environment.NewLine + "Recent server errors:" + Environment.NewLine + string.Join(Environment.NewLine, ApiFactory.RecentErrors.TakeLast(3))
            : "";
        response.StatusCode.Should().Be(expected, "{0} {1} answered: {2}{3}", response.RequestMessage?.Method, response.RequestMessage?.RequestUri?.PathAndQuery, Truncate(body), logs);
        return Parse(body);
    }

    /// <summary>
    /// Asserts an RFC 9457 problem with this status and returns it. The media type is checked
    /// separately (RequestErrorTests) so that one defect there does not fail every error test.
    /// </summary>
    public static async Task<JsonElement> ShouldBeProblem(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var problem = await response.ShouldHaveStatus(expected);
        response.Content.Headers.ContentType?.MediaType.Should().BeOneOf("application/problem+json", "application/json");
        problem.ValueKind.Should().Be(JsonValueKind.Object);
        problem.GetProperty("status").GetInt32().Should().Be((int)expected);
        problem.GetProperty("title").GetString().Should().NotBeNullOrWhiteSpace();
        return problem;
    }

    /// <summary>Asserts a 400 validation problem whose errors name exactly these fields; returns the errors object.</summary>
    public static async Task<JsonElement> ShouldBeValidationProblem(this HttpResponseMessage response, params string[] fields)
    {
        var problem = await response.ShouldBeProblem(HttpStatusCode.BadRequest);
        problem.TryGetProperty("errors", out var errors).Should().BeTrue("a validation problem lists its field errors: {0}", problem);
        errors.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(fields, "the errors were {0}", errors);
        foreach (var field in errors.EnumerateObject())
            field.Value.EnumerateArray().Select(e => e.GetString()).Should().NotBeEmpty().And.OnlyContain(m => !string.IsNullOrWhiteSpace(m));
        return errors;
    }

    public static JsonElement Parse(string body)
    {
        if (string.IsNullOrWhiteSpace(body)) return default;
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return default;
        }
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.GetAsync(url);
        return await response.ShouldHaveStatus(expected);
    }

    public static string Str(this JsonElement element, string property) =>
        element.GetProperty(property).GetString() ?? throw new InvalidOperationException($"{property} is null in {element}");

    public static Guid Id(this JsonElement element, string property = "id") => element.GetProperty(property).GetGuid();

    public static int Int(this JsonElement element, string property) => element.GetProperty(property).GetInt32();

    public static bool IsNull(this JsonElement element, string property) => element.GetProperty(property).ValueKind == JsonValueKind.Null;

    /// <summary>The items of a paged list.</summary>
    public static IReadOnlyList<JsonElement> Items(this JsonElement page) => page.GetProperty("items").EnumerateArray().ToList();

    public static IReadOnlyList<Guid> ItemIds(this JsonElement page) => page.Items().Select(i => i.Id()).ToList();

    private static string Truncate(string body) => body.Length <= 2000 ? body : body[..2000] + "…";
}
