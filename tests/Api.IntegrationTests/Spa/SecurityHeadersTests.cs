using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Application.Email;
using VoiceTraining.Domain.Email;

namespace VoiceTraining.Api.IntegrationTests.Spa;

/// <summary>The security headers on every kind of answer, and the Content-Security-Policy each gets.</summary>
public sealed partial class SecurityHeadersTests(SpaFixture fixture) : IClassFixture<SpaFixture>
{
    /// <summary>A Clerk development instance's publishable key: "pk_test_" + base64 of its Frontend API host and "$".</summary>
    private const string ClerkHost = "sound-owl-12.clerk.accounts.dev";
    private static readonly string ClerkKey = "pk_test_" + Convert.ToBase64String(Encoding.UTF8.GetBytes(ClerkHost + "$")).TrimEnd('=');

    public static TheoryData<string, string, HttpStatusCode> Answers => new()
    {
        { "JSON", "/api/config", HttpStatusCode.OK },
        { "problem details", "/api/no-such-thing", HttpStatusCode.Unauthorized },
        { "index.html of a client route", "/manage/scenarios", HttpStatusCode.OK },
        { "a built asset", SpaFixture.Asset, HttpStatusCode.OK },
        { "Swagger UI", "/swagger/index.html", HttpStatusCode.OK },
        { "health", "/healthz", HttpStatusCode.OK },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task Every_answer_has_the_security_headers_and_hsts_outside_development(string what, string path, HttpStatusCode status)
    {
        using var response = await fixture.Anonymous().GetAsync(path);

        response.StatusCode.Should().Be(status, what);
        ShouldHaveCommonHeaders(response, what);
        Header(response, "Strict-Transport-Security").Should().Be("max-age=31536000; includeSubDomains", what);
        var csp = Csp(response);
        csp["frame-ancestors"].Should().Equal(["'none'"], what);
    }

    [Fact]
    public async Task Api_answers_allow_loading_nothing()
    {
        using var json = await fixture.Anonymous().GetAsync("/api/config");
        using var problem = await fixture.Anonymous().GetAsync("/api/no-such-thing");

        foreach (var response in new[] { json, problem })
        {
            Csp(response).Should().BeEquivalentTo(new Dictionary<string, string[]>
            {
                ["default-src"] = ["'none'"],
                ["frame-ancestors"] = ["'none'"],
            });
        }
    }

    [Theory]
    [InlineData("/manage/scenarios")]
    [InlineData(SpaFixture.Asset)]
    public async Task The_web_app_in_local_mode_gets_the_tight_policy(string path)
    {
        using var response = await fixture.Anonymous().GetAsync(path);

        Csp(response).Should().BeEquivalentTo(new Dictionary<string, string[]>
        {
            ["default-src"] = ["'self'"],
            ["script-src"] = ["'self'"],
            ["style-src"] = ["'self'"],
            ["img-src"] = ["'self'", "data:"],
            ["connect-src"] = ["'self'"],
            ["media-src"] = ["'self'", "blob:"],
            ["font-src"] = ["'self'"],
            ["object-src"] = ["'none'"],
            ["base-uri"] = ["'self'"],
            ["form-action"] = ["'self'"],
            ["frame-ancestors"] = ["'none'"],
        });
    }

    [Fact]
    public async Task Swagger_ui_gets_a_policy_of_its_own_without_inline_scripts()
    {
        using var response = await fixture.Anonymous().GetAsync("/swagger/index.html");

        var csp = Csp(response);
        csp.Should().NotContainKey("script-src", "scripts fall back to default-src 'self'");
        csp["default-src"].Should().Equal(["'self'"]);
        csp["style-src"].Should().Equal(["'self'", "'unsafe-inline'"]);
        csp["img-src"].Should().Equal(["'self'", "data:"]);
    }

    [Fact]
    public async Task With_clerk_and_vapi_the_web_app_may_reach_their_hosts_and_no_others()
    {
        await using var factory = fixture.CreateFactory(fixture.Jwks, configure: s =>
        {
            s["NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY"] = ClerkKey;
            s["NEXT_PUBLIC_VAPI_PUBLIC_KEY"] = "vapi-public-key";
        });
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/sign-in");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var csp = Csp(response);
        csp["script-src"].Should().Equal(["'self'", $"https://{ClerkHost}", "https://challenges.cloudflare.com", "https://*.daily.co", "'wasm-unsafe-eval'"]);
        csp["connect-src"].Should().Equal(["'self'", $"https://{ClerkHost}", "https://clerk-telemetry.com", "https://*.clerk-telemetry.com",
            "https://api.vapi.ai", "https://*.daily.co", "wss://*.daily.co"]);
        csp["img-src"].Should().Equal(["'self'", "data:", "https://img.clerk.com"]);
        csp["style-src"].Should().Equal(["'self'", "'unsafe-inline'"], "Clerk styles its components at run time");
        csp["worker-src"].Should().Equal(["'self'", "blob:"]);
        csp["frame-src"].Should().Equal(["'self'", "https://challenges.cloudflare.com"]);
        csp["object-src"].Should().Equal(["'none'"]);
        csp["frame-ancestors"].Should().Equal(["'none'"]);
        csp.Values.SelectMany(v => v).Should().NotContain(["'unsafe-eval'", "*", "https:"]);
    }

    [Fact]
    public async Task Development_sends_no_hsts_and_allows_the_mailbox_emails_inline_style_attributes()
    {
        // No identity provider: local mode, where the mailbox shows the emails the platform kept.
        await using var factory = fixture.CreateFactory(fixture.Jwks, configure: s => s["CLERK_ISSUER"] = "", environment: "Development");
        using var client = factory.CreateClient();

        using var app = await client.GetAsync("/manage/scenarios");
        using var json = await client.GetAsync("/api/config");

        foreach (var response in new[] { app, json })
        {
            ShouldHaveCommonHeaders(response, response.RequestMessage!.RequestUri!.AbsolutePath);
            response.Headers.Contains("Strict-Transport-Security").Should().BeFalse("Development runs on http://localhost");
        }
        var csp = Csp(app);
        csp["style-src-attr"].Should().Equal(["'unsafe-inline'"]);
        csp["style-src"].Should().Equal(["'self'"], "style elements stay refused");
        csp["script-src"].Should().Equal(["'self'"]);
    }

    [Fact]
    public async Task The_unsubscribe_page_allows_its_own_style_sheet_by_hash_and_nothing_else()
    {
        var tokens = fixture.Factory.Services.GetRequiredService<IUnsubscribeTokens>();
        var token = tokens.Create(fixture.OrgA.Id, fixture.OrgA.Trainee.Id, EmailCategory.Assignment);

        using var response = await fixture.Anonymous().GetAsync($"/api/email/unsubscribe?token={Uri.EscapeDataString(token)}");

        await response.ShouldHaveStatus(HttpStatusCode.OK);
        ShouldHaveCommonHeaders(response, "unsubscribe page");
        var styleSheet = StyleElement().Match(await response.Content.ReadAsStringAsync());
        styleSheet.Success.Should().BeTrue("the page has its style sheet");
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(styleSheet.Groups[1].Value)));
        Csp(response).Should().BeEquivalentTo(new Dictionary<string, string[]>
        {
            ["default-src"] = ["'none'"],
            ["style-src"] = [$"'sha256-{hash}'"],
            ["form-action"] = ["'self'"],
            ["frame-ancestors"] = ["'none'"],
            ["base-uri"] = ["'none'"],
        });
    }

    private static void ShouldHaveCommonHeaders(HttpResponseMessage response, string what)
    {
        Header(response, "X-Content-Type-Options").Should().Be("nosniff", what);
        Header(response, "X-Frame-Options").Should().Be("DENY", what);
        Header(response, "Referrer-Policy").Should().Be("strict-origin-when-cross-origin", what);
        response.Headers.Contains("Server").Should().BeFalse($"{what}: the server's name is not announced");
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;

    /// <summary>The Content-Security-Policy header as directive → sources.</summary>
    private static Dictionary<string, string[]> Csp(HttpResponseMessage response)
    {
        var value = Header(response, "Content-Security-Policy");
        value.Should().NotBeNull($"{response.RequestMessage!.RequestUri} has a Content-Security-Policy");
        return value!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(d => d[0], d => d[1..]);
    }

    [GeneratedRegex("<style>(.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex StyleElement();
}
