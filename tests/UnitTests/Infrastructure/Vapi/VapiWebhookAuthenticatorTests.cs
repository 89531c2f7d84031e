using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using VoiceTraining.Infrastructure.Vapi;

namespace VoiceTraining.UnitTests.Infrastructure.Vapi;

public class VapiWebhookAuthenticatorTests
{
    private static readonly byte[] Body = """{"message":{"type":"status-update"}}"""u8.ToArray();
    private static readonly DateTimeOffset Now = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private static Func<string, string?> Headers(params (string Name, string Value)[] headers) =>
        name => headers.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Value;

    [Fact]
    public void The_shared_secret_is_accepted_in_the_header_or_as_a_bearer_token()
    {
        var auth = new VapiWebhookAuthenticator("s3cret", null, new FakeTimeProvider(Now));
        auth.Verify(Headers(("X-Vapi-Secret", "s3cret")), Body).Should().BeNull();
        auth.Verify(Headers(("Authorization", "Bearer s3cret")), Body).Should().BeNull();
    }

    [Theory]
    [InlineData("wrong")]
    [InlineData("s3cre")]
    [InlineData("s3cret ")]
    [InlineData("")]
    public void A_wrong_shared_secret_is_refused(string presented)
    {
        new VapiWebhookAuthenticator("s3cret", null, new FakeTimeProvider(Now)).Verify(Headers(("X-Vapi-Secret", presented)), Body).Should().NotBeNull();
    }

    [Fact]
    public void Without_any_secret_configured_nothing_is_accepted()
    {
        new VapiWebhookAuthenticator(null, null, new FakeTimeProvider(Now)).Verify(Headers(("X-Vapi-Secret", "")), Body).Should().NotBeNull();
    }

    [Fact]
    public void The_hmac_is_hex_sha256_of_timestamp_dot_body()
    {
        // Computed independently of the implementation under test.
        var timestamp = Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData("hmac-key"u8.ToArray(), Encoding.UTF8.GetBytes(timestamp + "." + Encoding.UTF8.GetString(Body))));
        VapiWebhookAuthenticator.Sign("hmac-key", timestamp, Body).Should().Be(expected);

        var auth = new VapiWebhookAuthenticator(null, "hmac-key", new FakeTimeProvider(Now));
        auth.Verify(Headers(("x-signature", expected), ("x-timestamp", timestamp)), Body).Should().BeNull();
        auth.Verify(Headers(("x-signature", "sha256=" + expected.ToUpperInvariant()), ("x-timestamp", timestamp)), Body).Should().BeNull();
    }

    [Theory]
    [InlineData(-301, false)]
    [InlineData(-299, true)]
    [InlineData(299, true)]
    [InlineData(301, false)]
    public void The_hmac_timestamp_must_be_within_five_minutes(int secondsOff, bool accepted)
    {
        var timestamp = (Now.ToUnixTimeSeconds() + secondsOff).ToString(CultureInfo.InvariantCulture);
        var auth = new VapiWebhookAuthenticator(null, "k", new FakeTimeProvider(Now));
        var result = auth.Verify(Headers(("x-signature", VapiWebhookAuthenticator.Sign("k", timestamp, Body)), ("x-timestamp", timestamp)), Body);
        (result is null).Should().Be(accepted);
    }

    [Fact]
    public void Millisecond_timestamps_are_understood()
    {
        var timestamp = Now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        new VapiWebhookAuthenticator(null, "k", new FakeTimeProvider(Now))
            .Verify(Headers(("x-signature", VapiWebhookAuthenticator.Sign("k", timestamp, Body)), ("x-timestamp", timestamp)), Body).Should().BeNull();
    }

    [Fact]
    public void A_tampered_body_fails_the_hmac()
    {
        var timestamp = Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = VapiWebhookAuthenticator.Sign("k", timestamp, Body);
        var tampered = Body.ToArray();
        tampered[^2] = (byte)'X';
        new VapiWebhookAuthenticator(null, "k", new FakeTimeProvider(Now)).Verify(Headers(("x-signature", signature), ("x-timestamp", timestamp)), tampered).Should().NotBeNull();
    }

    [Fact]
    public void With_both_configured_both_must_pass()
    {
        var timestamp = Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = VapiWebhookAuthenticator.Sign("k", timestamp, Body);
        var auth = new VapiWebhookAuthenticator("s", "k", new FakeTimeProvider(Now));
        auth.Verify(Headers(("x-signature", signature), ("x-timestamp", timestamp)), Body).Should().NotBeNull();
        auth.Verify(Headers(("X-Vapi-Secret", "s"), ("x-signature", signature), ("x-timestamp", timestamp)), Body).Should().BeNull();
    }
}
