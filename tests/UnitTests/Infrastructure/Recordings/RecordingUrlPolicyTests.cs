using VoiceTraining.Infrastructure.Recordings;
using VoiceTraining.UnitTests.Infrastructure.Webhooks.Ssrf;

namespace VoiceTraining.UnitTests.Infrastructure.Recordings;

/// <summary>Which recording URLs may be fetched: the SSRF guard's syntax rules, then Recordings:AllowedHosts.</summary>
public class RecordingUrlPolicyTests
{
    private static string? WhyRefused(string url, string? allowedHosts = null, bool allowPrivateNetworks = false)
    {
        var options = new RecordingOptions { AllowPrivateNetworks = allowPrivateNetworks };
        if (allowedHosts is not null) options.AllowedHosts = allowedHosts;
        return new RecordingUrlPolicy(options, new FakeHostResolver()).WhyRefused(new Uri(url));
    }

    [Theory]
    [InlineData("https://storage.vapi.ai/0d4b-mono.wav")]
    [InlineData("https://STORAGE.vapi.ai./0d4b-mono.wav")]
    [InlineData("https://auth.vapi.ai/storage/v1/object/public/recordings/0d4b-mono.wav")]
    public void Vapis_storage_hosts_are_allowed_by_default(string url) => WhyRefused(url).Should().BeNull();

    [Theory]
    [InlineData("https://evil.example.com/call.mp3", "host evil.example.com is not on Recordings:AllowedHosts")]
    [InlineData("https://vapi.ai/call.mp3", "host vapi.ai is not on Recordings:AllowedHosts")]
    [InlineData("https://storage.vapi.ai.evil.example/call.mp3", "host storage.vapi.ai.evil.example is not on Recordings:AllowedHosts")]
    [InlineData("http://storage.vapi.ai/call.mp3", "URL must use https")]
    [InlineData("https://user:pass@storage.vapi.ai/call.mp3", "URL must not contain credentials")]
    [InlineData("https://169.254.169.254/latest/meta-data", "host is cloud metadata address 169.254.169.254")]
    public void Other_hosts_http_credentials_and_blocked_addresses_are_refused(string url, string reason) =>
        WhyRefused(url).Should().Be(reason);

    [Fact]
    public void A_wildcard_allows_subdomains_but_not_the_domain_itself_and_star_allows_any_host()
    {
        const string hosts = "*.r2.cloudflarestorage.com, recordings.example.com";
        WhyRefused("https://acct.r2.cloudflarestorage.com/bucket/call.wav", hosts).Should().BeNull();
        WhyRefused("https://recordings.example.com/call.wav", hosts).Should().BeNull();
        WhyRefused("https://r2.cloudflarestorage.com/call.wav", hosts).Should().Contain("not on Recordings:AllowedHosts");
        WhyRefused("https://storage.vapi.ai/call.wav", hosts).Should().Contain("not on Recordings:AllowedHosts", "a list replaces the default");
        WhyRefused("https://anything.example.org/call.wav", "*").Should().BeNull();
    }

    [Fact]
    public void Private_addresses_and_http_need_the_private_network_allowance_and_still_the_list()
    {
        WhyRefused("http://127.0.0.1:8080/api/dev/sample-recording.wav", "127.0.0.1").Should().Be("URL must use https");
        WhyRefused("https://127.0.0.1/call.wav", "127.0.0.1").Should().Be("host is loopback address 127.0.0.1");
        WhyRefused("http://127.0.0.1:8080/api/dev/sample-recording.wav", "127.0.0.1", allowPrivateNetworks: true).Should().BeNull();
        WhyRefused("http://localhost:8080/call.wav", "127.0.0.1", allowPrivateNetworks: true).Should().Be("host localhost is not on Recordings:AllowedHosts");
        WhyRefused("http://[::1]:8080/call.wav", "::1", allowPrivateNetworks: true).Should().BeNull();
    }
}
