using VoiceTraining.Application.Billing;

namespace VoiceTraining.UnitTests.Application.Billing;

/// <summary>Return URLs of a checkout: only the product's own origin, never an open redirect.</summary>
public class ReturnUrlsTests
{
    private const string Origin = "https://app.example.com";

    [Theory]
    [InlineData("/billing", "https://app.example.com/billing")]
    [InlineData("/", "https://app.example.com/")]
    [InlineData("/billing?success=true&plan=pro", "https://app.example.com/billing?success=true&plan=pro")]
    [InlineData("/billing#invoices", "https://app.example.com/billing#invoices")]
    [InlineData("/a/../billing", "https://app.example.com/billing")]
    [InlineData("/billing/%2F%2Fevil.example", "https://app.example.com/billing/%2F%2Fevil.example")]
    [InlineData("/billing?next=//evil.example", "https://app.example.com/billing?next=//evil.example")]
    [InlineData("https://app.example.com", "https://app.example.com/")]
    [InlineData("https://app.example.com/billing?success=true", "https://app.example.com/billing?success=true")]
    [InlineData("HTTPS://APP.EXAMPLE.COM/Billing", "https://app.example.com/Billing")]
    [InlineData("https://app.example.com:443/billing", "https://app.example.com/billing")]
    [InlineData("/billing?session={CHECKOUT_SESSION_ID}", "https://app.example.com/billing?session={CHECKOUT_SESSION_ID}")]
    [InlineData("https://app.example.com/done/{CHECKOUT_SESSION_ID}", "https://app.example.com/done/{CHECKOUT_SESSION_ID}")]
    [InlineData("/billing/é", "https://app.example.com/billing/%C3%A9")]
    public void A_path_or_a_url_on_the_origin_is_resolved_to_an_absolute_url(string value, string expected) =>
        ReturnUrls.Resolve(value, Origin).Should().Be(expected);

    [Theory]
    // Another host, however it is dressed up.
    [InlineData("https://evil.example/billing")]
    [InlineData("https://app.example.com.evil.example/billing")]
    [InlineData("https://evil.example/https://app.example.com/")]
    [InlineData("https://evil.example?https://app.example.com")]
    [InlineData("https://evil.example#https://app.example.com")]
    [InlineData("https://xn--pp-8cd.example.com/")]
    [InlineData("https://аpp.example.com/")]
    // Network-path references: "//host" is another host on the same scheme.
    [InlineData("//evil.example")]
    [InlineData("//evil.example/billing")]
    [InlineData("///evil.example")]
    [InlineData("//app.example.com/billing")]
    // Backslashes, which URL parsers read as slashes.
    [InlineData("/\\evil.example")]
    [InlineData("\\\\evil.example")]
    [InlineData("https://app.example.com\\@evil.example")]
    [InlineData("https:\\\\evil.example")]
    // User info: a host before "@" that is not the host.
    [InlineData("https://app.example.com@evil.example/")]
    [InlineData("https://app.example.com:pass@evil.example/")]
    [InlineData("https://user@app.example.com/billing")]
    [InlineData("https://app.example.com%40evil.example/")]
    // Another scheme or port.
    [InlineData("http://app.example.com/billing")]
    [InlineData("https://app.example.com:8443/billing")]
    [InlineData("ftp://app.example.com/billing")]
    [InlineData("javascript:alert(1)")]
    [InlineData("JavaScript:alert(document.cookie)//https://app.example.com")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("vbscript:msgbox(1)")]
    [InlineData("file:///etc/passwd")]
    [InlineData("https:/evil.example")]
    [InlineData("https:evil.example")]
    [InlineData("https:app.example.com/billing")]
    // Not a path and not an absolute URL: refused rather than guessed at.
    [InlineData("billing")]
    [InlineData("evil.example/billing")]
    [InlineData("?success=true")]
    [InlineData("#top")]
    // White space and control characters, which browsers drop ("/\t/evil" is "//evil" to them).
    [InlineData("/\t/evil.example")]
    [InlineData("/\n/evil.example")]
    [InlineData("/\r\n/evil.example")]
    [InlineData(" /billing")]
    [InlineData("/billing ")]
    [InlineData(" https://evil.example")]
    [InlineData("/bill\u0000ing")]
    [InlineData("/\u00a0/evil.example")]
    [InlineData("/\u3000/evil.example")]
    [InlineData("")]
    public void Anything_else_is_refused(string value) => ReturnUrls.Resolve(value, Origin).Should().BeNull();

    [Fact]
    public void Null_and_overlong_urls_are_refused()
    {
        ReturnUrls.Resolve(null, Origin).Should().BeNull();
        ReturnUrls.Resolve("/" + new string('a', 2048), Origin).Should().BeNull();
        ReturnUrls.Resolve("/" + new string('a', 2000), Origin).Should().NotBeNull();
    }

    [Theory]
    [InlineData("http://localhost:8080", "/billing", "http://localhost:8080/billing")]
    [InlineData("http://localhost:8080", "http://localhost:8080/billing", "http://localhost:8080/billing")]
    [InlineData("http://localhost:8080", "http://localhost/billing", null)]
    [InlineData("http://localhost:8080", "http://localhost:5173/billing", null)]
    [InlineData("https://example.com/app", "/billing", "https://example.com/billing")]
    [InlineData("https://example.com/app/", "https://example.com/app/billing", "https://example.com/app/billing")]
    [InlineData("not a url", "/billing", null)]
    public void The_origin_is_the_configured_base_urls_scheme_host_and_port(string baseUrl, string value, string? expected) =>
        ReturnUrls.Resolve(value, baseUrl).Should().Be(expected);

    [Fact]
    public void The_refusal_names_the_origin()
    {
        ReturnUrls.Refusal("https://app.example.com/some/path").Should().Contain("(https://app.example.com)").And.Contain("/billing");
    }
}
