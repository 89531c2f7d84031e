using System.Net;
using VoiceTraining.Infrastructure.Webhooks.Outbound.Ssrf;

namespace VoiceTraining.UnitTests.Infrastructure.Webhooks.Ssrf;

public class WebhookUrlGuardTests
{
    private readonly FakeHostResolver dns = new FakeHostResolver()
        .Answer("hooks.example.com", "93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946")
        .Answer("internal.example.com", "10.0.0.5")
        .Answer("mixed.example.com", "93.184.216.34", "127.0.0.1")
        .Answer("mixed-v6.example.com", "2606:4700:4700::1111", "fe80::1")
        .Answer("mapped.example.com", "::ffff:169.254.169.254")
        .Answer("empty.example.com")
        .Answer("localhost", "127.0.0.1");

    private WebhookUrlGuard Guard(bool allowPrivateNetworks = false) =>
        new(dns, new WebhookNetworkOptions { AllowPrivateNetworks = allowPrivateNetworks });

    [Theory]
    [InlineData("", "URL is required")]
    [InlineData("   ", "URL is required")]
    [InlineData("not a url", "URL must be absolute")]
    [InlineData("hooks.example.com/path", "URL must be absolute")]
    [InlineData("http://hooks.example.com/hook", "URL must use https")]
    [InlineData("ftp://hooks.example.com/hook", "URL must use https")]
    [InlineData("file:///etc/passwd", "URL must use https")]
    [InlineData("gopher://hooks.example.com:70/_", "URL must use https")]
    [InlineData("https://user:secret@hooks.example.com/hook", "URL must not contain credentials")]
    [InlineData("https://token@hooks.example.com/hook", "URL must not contain credentials")]
    public void Bad_syntax_is_refused_with_a_clear_reason(string url, string reason)
    {
        var check = Guard().CheckSyntax(url);
        check.Allowed.Should().BeFalse();
        check.Reason.Should().Be(reason);
        dns.Lookups.Should().BeEmpty();
    }

    [Fact]
    public void An_overlong_url_is_refused()
    {
        Guard().CheckSyntax("https://hooks.example.com/" + new string('a', 2100)).Reason.Should().Contain("at most 2048");
    }

    [Fact]
    public void A_good_url_passes_the_syntax_check_without_dns()
    {
        var check = Guard().CheckSyntax("https://hooks.example.com/hook?x=1");
        check.Should().BeEquivalentTo(new { Allowed = true, Reason = (string?)null });
        check.Addresses.Should().BeEmpty();
        dns.Lookups.Should().BeEmpty();
    }

    [Theory]
    [InlineData("https://localhost/hook")]
    [InlineData("https://LOCALHOST./hook")]
    [InlineData("https://api.localhost/hook")]
    [InlineData("https://metadata.google.internal/computeMetadata/v1/")]
    [InlineData("https://instance-data/latest/meta-data/")]
    [InlineData("https://db.corp.internal/")]
    [InlineData("https://printer.local/")]
    [InlineData("https://router.home.arpa/")]
    public async Task Internal_names_are_refused_before_dns(string url)
    {
        var check = await Guard().CheckAsync(url, default);
        check.Allowed.Should().BeFalse();
        check.Reason.Should().Contain("is an internal name");
        Guard().CheckSyntax(url).Allowed.Should().BeFalse();
        dns.Lookups.Should().BeEmpty();
    }

    // Uri turns the inet_aton forms into dotted quads; the check has to see the address they mean.
    [Theory]
    [InlineData("https://2130706433/", "loopback address 127.0.0.1")]
    [InlineData("https://0x7f.1/", "loopback address 127.0.0.1")]
    [InlineData("https://127.1/", "loopback address 127.0.0.1")]
    [InlineData("https://0x7f000001/", "loopback address 127.0.0.1")]
    [InlineData("https://0177.0.0.1/", "loopback address 127.0.0.1")]
    [InlineData("https://10.1/", "private address 10.0.0.1")]
    [InlineData("https://0/", "this-network address 0.0.0.0")]
    [InlineData("https://169.254.169.254/latest/meta-data/", "cloud metadata address 169.254.169.254")]
    [InlineData("https://[::1]/", "loopback address ::1")]
    [InlineData("https://[::ffff:127.0.0.1]/", "loopback address 127.0.0.1")]
    [InlineData("https://[0:0:0:0:0:ffff:7f00:1]/", "loopback address 127.0.0.1")]
    [InlineData("https://[fd00:ec2::254]/", "unique local address fd00:ec2::254")]
    [InlineData("https://[fe80::1%25eth0]/", "link-local address fe80::1")]
    [InlineData("https://[64:ff9b::a9fe:a9fe]:8443/", "cloud metadata address 169.254.169.254")]
    public async Task Ip_literals_in_any_form_are_judged_by_the_address_they_mean(string url, string reason)
    {
        var syntax = Guard().CheckSyntax(url);
        syntax.Allowed.Should().BeFalse();
        syntax.Reason.Should().Contain(reason);

        var check = await Guard().CheckAsync(url, default);
        check.Allowed.Should().BeFalse();
        check.Reason.Should().Contain(reason);
        dns.Lookups.Should().BeEmpty("IP literals are never looked up");
    }

    [Fact]
    public async Task A_public_ip_literal_is_allowed_without_dns()
    {
        var check = await Guard().CheckAsync("https://93.184.216.34:8443/hook", default);
        check.Allowed.Should().BeTrue();
        check.Addresses.Should().Equal(IPAddress.Parse("93.184.216.34"));
        dns.Lookups.Should().BeEmpty();
    }

    [Fact]
    public async Task A_host_resolving_only_to_public_addresses_is_allowed_with_them()
    {
        var check = await Guard().CheckAsync("https://hooks.example.com/hook", default);
        check.Allowed.Should().BeTrue();
        check.Reason.Should().BeNull();
        check.Addresses.Should().Equal(IPAddress.Parse("93.184.216.34"), IPAddress.Parse("2606:2800:220:1:248:1893:25c8:1946"));
        dns.Lookups.Should().Equal("hooks.example.com");
    }

    [Theory]
    [InlineData("https://internal.example.com/hook", "host internal.example.com resolves to private address 10.0.0.5")]
    [InlineData("https://mixed.example.com/hook", "host mixed.example.com resolves to loopback address 127.0.0.1")]
    [InlineData("https://mixed-v6.example.com/hook", "host mixed-v6.example.com resolves to link-local address fe80::1")]
    [InlineData("https://mapped.example.com/hook", "host mapped.example.com resolves to cloud metadata address 169.254.169.254")]
    public async Task A_host_with_any_blocked_address_is_refused_naming_host_and_address(string url, string reason)
    {
        var check = await Guard().CheckAsync(url, default);
        check.Allowed.Should().BeFalse();
        check.Reason.Should().StartWith(reason);
        check.Addresses.Should().BeEmpty();
    }

    [Fact]
    public async Task A_host_without_addresses_is_refused()
    {
        var check = await Guard().CheckAsync("https://empty.example.com/hook", default);
        check.Allowed.Should().BeFalse();
        check.Reason.Should().Be("host empty.example.com has no addresses");
    }

    [Fact]
    public async Task A_host_that_does_not_resolve_is_refused()
    {
        var check = await Guard().CheckAsync("https://nxdomain.example.com/hook", default);
        check.Allowed.Should().BeFalse();
        check.Reason.Should().StartWith("host nxdomain.example.com could not be resolved");
    }

    [Fact]
    public async Task Cancellation_is_not_turned_into_a_refusal()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Guard().Invoking(g => g.CheckAsync("https://hooks.example.com/hook", cancelled.Token))
            .Should().ThrowAsync<OperationCanceledException>();
    }

    [Theory]
    [InlineData("http://127.0.0.1:5005/hook", "127.0.0.1")]
    [InlineData("http://localhost:5005/hook", "127.0.0.1")]
    [InlineData("https://internal.example.com/hook", "10.0.0.5")]
    [InlineData("http://[::1]:5005/hook", "::1")]
    public async Task Private_targets_and_plain_http_are_allowed_when_private_networks_are(string url, string address)
    {
        var check = await Guard(allowPrivateNetworks: true).CheckAsync(url, default);
        check.Allowed.Should().BeTrue(check.Reason);
        check.Addresses.Should().Equal(IPAddress.Parse(address));
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/hook", "URL must use http or https")]
    [InlineData("http://user:pw@127.0.0.1:5005/hook", "URL must not contain credentials")]
    public void Allowing_private_networks_still_checks_scheme_and_credentials(string url, string reason)
    {
        Guard(allowPrivateNetworks: true).CheckSyntax(url).Reason.Should().Be(reason);
    }

    [Theory]
    [InlineData("hooks.example.com", true)]
    [InlineData("HOOKS.EXAMPLE.COM.", true)]
    [InlineData("93.184.216.34", true)]
    [InlineData("[2606:4700:4700::1111]", true)]
    [InlineData("[::1]", false)]
    [InlineData("::1", false)]
    [InlineData("127.0.0.1", false)]
    [InlineData("localhost", false)]
    [InlineData("internal.example.com", false)]
    [InlineData("", false)]
    public async Task Hosts_are_vetted_on_their_own_for_the_connect_callback(string host, bool allowed)
    {
        var check = await Guard().CheckHostAsync(host, default);
        check.Allowed.Should().Be(allowed, check.Reason);
        if (allowed) check.Addresses.Should().NotBeEmpty();
    }
}
