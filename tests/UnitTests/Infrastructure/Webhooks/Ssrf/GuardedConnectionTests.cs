using System.Net;
using VoiceTraining.Infrastructure.Webhooks.Outbound.Ssrf;

namespace VoiceTraining.UnitTests.Infrastructure.Webhooks.Ssrf;

/// <summary>Real sockets: a local HTTP server, and HttpClient over the guarded handler.</summary>
public class GuardedConnectionTests
{
    private static HttpClient Client(IHostResolver resolver, bool allowPrivateNetworks, out WebhookUrlGuard guard)
    {
        guard = new WebhookUrlGuard(resolver, new WebhookNetworkOptions { AllowPrivateNetworks = allowPrivateNetworks });
        return new HttpClient(GuardedConnection.CreateHandler(guard)) { Timeout = TimeSpan.FromSeconds(10) };
    }

    private static async Task<SsrfBlockedException> RefusedAsync(HttpClient client, string url)
    {
        using var content = new StringContent("""{"event":"call.completed"}""");
        var thrown = await client.Invoking(c => c.PostAsync(new Uri(url), content)).Should().ThrowAsync<HttpRequestException>();
        // HttpClient wraps whatever the connect callback throws in its own HttpRequestException
        // ("{reason} ({host}:{port})"); the guard's exception is the inner one.
        var outer = thrown.Which;
        outer.Should().NotBeOfType<SsrfBlockedException>();
        outer.HttpRequestError.Should().Be(HttpRequestError.ConnectionError);
        return outer.InnerException.Should().BeOfType<SsrfBlockedException>().Subject;
    }

    [Fact]
    public async Task A_loopback_target_is_refused_before_anything_reaches_it()
    {
        await using var server = new LocalHttpServer();
        using var client = Client(new FakeHostResolver(), allowPrivateNetworks: false, out _);

        var blocked = await RefusedAsync(client, $"http://127.0.0.1:{server.Port}/hook");

        blocked.Reason.Should().Be("host is loopback address 127.0.0.1");
        blocked.Message.Should().Be(blocked.Reason);
        server.Connections.Should().Be(0);
        server.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task A_name_resolving_to_loopback_is_refused_at_connect_time()
    {
        await using var server = new LocalHttpServer();
        var dns = new FakeHostResolver().Answer("hooks.example.test", "127.0.0.1");
        using var client = Client(dns, allowPrivateNetworks: false, out _);

        var blocked = await RefusedAsync(client, $"http://hooks.example.test:{server.Port}/hook");

        blocked.Reason.Should().Be("host hooks.example.test resolves to loopback address 127.0.0.1");
        server.Connections.Should().Be(0);
    }

    [Fact]
    public async Task With_private_networks_allowed_the_request_arrives_at_the_vetted_address()
    {
        await using var server = new LocalHttpServer();
        var dns = new FakeHostResolver().Answer("hooks.example.test", "127.0.0.1");
        using var client = Client(dns, allowPrivateNetworks: true, out _);
        using var content = new StringContent("""{"event":"call.completed"}""");

        using var response = await client.PostAsync(new Uri($"http://hooks.example.test:{server.Port}/hook"), content);

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        server.Requests.Should().ContainSingle();
        server.Requests.TryPeek(out var request).Should().BeTrue();
        request.Head.Should().StartWith("POST /hook HTTP/1.1\r\n");
        request.Head.Should().Contain($"Host: hooks.example.test:{server.Port}");
        request.Body.Should().Be("""{"event":"call.completed"}""");
        dns.Lookups.Should().Equal(["hooks.example.test"], "the handler connects to what the guard vetted, without a second lookup");
    }

    [Fact]
    public async Task The_first_vetted_address_that_accepts_wins()
    {
        await using var server = new LocalHttpServer();
        // Nothing listens on [::1] at the server's port (or there is no IPv6): that try fails fast.
        var dns = new FakeHostResolver().Answer("hooks.example.test", "::1", "127.0.0.1");
        using var client = Client(dns, allowPrivateNetworks: true, out _);

        using var response = await client.GetAsync(new Uri($"http://hooks.example.test:{server.Port}/ping"));

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        server.Connections.Should().Be(1);
    }

    [Fact]
    public async Task When_no_vetted_address_accepts_the_socket_error_surfaces()
    {
        int closedPort;
        await using (var probe = new LocalHttpServer()) closedPort = probe.Port;
        var dns = new FakeHostResolver().Answer("hooks.example.test", "127.0.0.1");
        using var client = Client(dns, allowPrivateNetworks: true, out _);

        var thrown = await client.Invoking(c => c.GetAsync(new Uri($"http://hooks.example.test:{closedPort}/")))
            .Should().ThrowAsync<HttpRequestException>();
        thrown.Which.InnerException.Should().BeOfType<System.Net.Sockets.SocketException>();
    }

    [Fact]
    public async Task Dns_rebinding_after_the_registration_check_is_refused_at_send()
    {
        await using var server = new LocalHttpServer();
        // Public when the URL is registered, loopback by the time the webhook is sent.
        var dns = new FakeHostResolver().Answers("rebind.example.test", ["93.184.216.34"], ["127.0.0.1"]);
        using var client = Client(dns, allowPrivateNetworks: false, out var guard);
        var url = $"https://rebind.example.test:{server.Port}/hook";

        var registration = await guard.CheckAsync(url, default);
        registration.Allowed.Should().BeTrue(registration.Reason);

        var blocked = await RefusedAsync(client, url);

        blocked.Reason.Should().Be("host rebind.example.test resolves to loopback address 127.0.0.1");
        dns.Lookups.Should().HaveCount(2);
        server.Connections.Should().Be(0);
    }

    [Fact]
    public void The_handler_follows_no_redirects_keeps_no_cookies_and_uses_no_proxy()
    {
        var guard = new WebhookUrlGuard(new FakeHostResolver(), new WebhookNetworkOptions());
        using var handler = GuardedConnection.CreateHandler(guard);

        handler.AllowAutoRedirect.Should().BeFalse();
        handler.UseCookies.Should().BeFalse();
        handler.UseProxy.Should().BeFalse();
        handler.Proxy.Should().BeNull();
        handler.ConnectTimeout.Should().Be(TimeSpan.FromSeconds(5));
        handler.PooledConnectionLifetime.Should().Be(TimeSpan.FromMinutes(2));
        handler.ConnectCallback.Should().NotBeNull();
    }
}
