using System.Net;
using VoiceTraining.Api.IntegrationTests.Infrastructure;

namespace VoiceTraining.Api.IntegrationTests.Spa;

/// <summary>A fixture whose API serves a (stand-in) built web app from a temporary folder.</summary>
public sealed class SpaFixture : ApiFixture
{
    public const string IndexMarker = "<!doctype html><title>test app</title>";
    public const string Asset = "/assets/index-3f2a1b.js";

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "vt-it-spa-" + Guid.NewGuid().ToString("N")[..12]);

    protected override void Configure(IDictionary<string, string?> settings)
    {
        Directory.CreateDirectory(Path.Combine(Root, "assets"));
        File.WriteAllText(Path.Combine(Root, "index.html"), IndexMarker);
        File.WriteAllText(Path.Combine(Root, Asset.TrimStart('/')), "console.log('app');");
        settings["Spa:Root"] = Root;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Temporary files; leaving them is harmless.
        }
    }
}

public sealed class SpaHostingTests(SpaFixture fixture) : IClassFixture<SpaFixture>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/sign-in")]
    [InlineData("/manage/scenarios")]
    [InlineData("/attempts/0199a0c4-7b1e-7c55-9a55-0a1b2c3d4e5f")]
    [InlineData("/apis-are-not-api")]
    public async Task Client_routes_get_the_app_without_a_token(string path)
    {
        using var response = await fixture.Anonymous().GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        response.Headers.CacheControl!.NoCache.Should().BeTrue("a new deployment must be picked up");
        (await response.Content.ReadAsStringAsync()).Should().Be(SpaFixture.IndexMarker);
    }

    [Fact]
    public async Task Built_assets_are_served_as_files_cached_for_good()
    {
        using var response = await fixture.Anonymous().GetAsync(SpaFixture.Asset);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/javascript");
        response.Headers.CacheControl!.ToString().Should().Contain("immutable");
    }

    [Fact]
    public async Task Api_routes_still_answer_a_get_without_a_content_type()
    {
        // The controllers declare that they consume JSON; a catch-all for the app must not take over plain GETs.
        using var config = await fixture.Anonymous().GetAsync("/api/config");
        await config.ShouldHaveStatus(HttpStatusCode.OK);
        config.Content.Headers.ContentType!.MediaType.Should().Be("application/json");

        using var members = await fixture.ClientFor(fixture.OrgA.Admin).GetAsync("/api/members/me");
        await members.ShouldHaveStatus(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("/api/no-such-thing")]
    [InlineData("/api")]
    [InlineData("/API/Scenarios/extra/segments")]
    [InlineData("/swagger/no-such-file")]
    [InlineData("/healthz/deeper")]
    [InlineData("/assets/missing-chunk.js")]
    public async Task Api_and_file_paths_are_never_answered_with_the_app(string path)
    {
        using var response = await fixture.ClientFor(fixture.OrgA.Admin).GetAsync(path);

        await response.ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Only_reads_fall_back_to_the_app()
    {
        using var response = await fixture.ClientFor(fixture.OrgA.Admin).PostJsonAsync("/manage/scenarios", new { });

        response.Content.Headers.ContentType?.MediaType.Should().NotBe("text/html");
        response.StatusCode.Should().NotBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Swagger_and_health_stay_the_apis()
    {
        using var swagger = await fixture.Anonymous().GetAsync("/swagger/v1/swagger.json");
        await swagger.ShouldHaveStatus(HttpStatusCode.OK);
        using var health = await fixture.Anonymous().GetAsync("/healthz");
        (await health.Content.ReadAsStringAsync()).Should().Be("Healthy");
    }
}
