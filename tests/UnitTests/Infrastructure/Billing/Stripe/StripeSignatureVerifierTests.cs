using System.Text;
using VoiceTraining.Infrastructure.Billing.Stripe;

namespace VoiceTraining.UnitTests.Infrastructure.Billing.Stripe;

public class StripeSignatureVerifierTests
{
    private const string Secret = "whsec_test_5ecret";
    private const long Timestamp = 1_700_000_000;
    private static readonly byte[] Body = """{"id":"evt_1","object":"event","type":"invoice.payment_succeeded"}"""u8.ToArray();

    // Computed once, independently of this code, with:
    //   printf '%s' '1700000000.{"id":"evt_1","object":"event","type":"invoice.payment_succeeded"}' \
    //     | openssl dgst -sha256 -hmac 'whsec_test_5ecret'
    private const string KnownSignature = "0d65374a0520b09036b1c5d00821870257c09ad9c4c146ce26eef872d42f8ea7";

    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(Timestamp);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static StripeSignatureVerifier At(DateTimeOffset now, string? secret = Secret) => new(secret, new FixedClock(now));

    private static StripeSignatureResult Verify(string? header, int secondsAfterSigning = 10, byte[]? body = null) =>
        At(SignedAt.AddSeconds(secondsAfterSigning)).Verify(header, body ?? Body);

    [Fact]
    public void The_signature_matches_an_independently_computed_vector()
    {
        StripeSignatureVerifier.ComputeSignature(Secret, Timestamp, Body).Should().Be(KnownSignature);

        var result = Verify($"t={Timestamp},v1={KnownSignature}");

        result.IsValid.Should().BeTrue();
        result.Failure.Should().BeNull();
        result.SignedAt.Should().Be(SignedAt);
    }

    [Fact]
    public void The_key_is_the_whole_secret_including_its_prefix()
    {
        StripeSignatureVerifier.ComputeSignature("test_5ecret", Timestamp, Body).Should().NotBe(KnownSignature);
        At(SignedAt, "test_5ecret").Verify($"t={Timestamp},v1={KnownSignature}", Body).Failure.Should().Be(StripeSignatureFailure.NoMatchingSignature);
    }

    [Fact]
    public void The_header_helper_writes_what_stripe_sends()
    {
        StripeSignatureVerifier.SignatureHeader(Secret, SignedAt, Body).Should().Be($"t={Timestamp},v1={KnownSignature}");
    }

    [Theory]
    [InlineData("t={t},v1={bad},v1={good}")]
    [InlineData("t={t},v1={good},v1={bad}")]
    [InlineData("t={t},v0={bad},v1={bad},v1={good}")]
    [InlineData("v1={good},t={t}")]
    [InlineData("t={t}, v1={good}")]
    [InlineData("t={t},v1={GOOD}")]
    [InlineData("t={t},v1={good},scheme=unknown")]
    public void Any_v1_signature_may_match(string template)
    {
        var header = template.Replace("{t}", Timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{good}", KnownSignature, StringComparison.Ordinal)
            .Replace("{GOOD}", KnownSignature.ToUpperInvariant(), StringComparison.Ordinal)
            .Replace("{bad}", StripeSignatureVerifier.ComputeSignature("whsec_old_secret", Timestamp, Body), StringComparison.Ordinal);

        Verify(header).IsValid.Should().BeTrue();
    }

    [Fact]
    public void A_v0_signature_alone_is_not_enough()
    {
        var result = Verify($"t={Timestamp},v0={KnownSignature}");

        result.Failure.Should().Be(StripeSignatureFailure.NoMatchingSignature);
        result.Reason.Should().Contain("no v1");
    }

    [Theory]
    [InlineData("tampered")]
    [InlineData("other secret")]
    [InlineData("other timestamp")]
    [InlineData("short")]
    [InlineData("not hex")]
    public void A_signature_that_does_not_match_is_refused(string variant)
    {
        var header = variant switch
        {
            "tampered" => $"t={Timestamp},v1={KnownSignature}",
            "other secret" => $"t={Timestamp},v1={StripeSignatureVerifier.ComputeSignature("whsec_other", Timestamp, Body)}",
            "other timestamp" => $"t={Timestamp + 1},v1={KnownSignature}",
            "short" => $"t={Timestamp},v1={KnownSignature[..32]}",
            _ => $"t={Timestamp},v1={new string('z', 64)}",
        };
        var body = variant == "tampered" ? Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Body).Replace("succeeded", "failed", StringComparison.Ordinal)) : Body;

        var result = Verify(header, body: body);

        result.IsValid.Should().BeFalse();
        result.Failure.Should().Be(StripeSignatureFailure.NoMatchingSignature);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(300, true)]
    [InlineData(301, false)]
    [InlineData(86_400, false)]
    public void A_signature_older_than_the_tolerance_is_stale(int age, bool valid)
    {
        var result = Verify($"t={Timestamp},v1={KnownSignature}", secondsAfterSigning: age);

        result.IsValid.Should().Be(valid);
        if (!valid)
        {
            result.Failure.Should().Be(StripeSignatureFailure.StaleTimestamp);
            result.Reason.Should().Contain($"{age} s old");
        }
    }

    [Theory]
    [InlineData(-300, true)]
    [InlineData(-301, false)]
    [InlineData(-3600, false)]
    public void A_signature_from_beyond_the_tolerance_in_the_future_is_refused(int age, bool valid)
    {
        var result = Verify($"t={Timestamp},v1={KnownSignature}", secondsAfterSigning: age);

        result.IsValid.Should().Be(valid);
        if (!valid) result.Failure.Should().Be(StripeSignatureFailure.FutureTimestamp);
    }

    [Fact]
    public void The_signature_is_checked_before_the_timestamp()
    {
        // A forged, old header is reported as not matching, not as merely stale.
        Verify($"t={Timestamp},v1={new string('0', 64)}", secondsAfterSigning: 3600).Failure.Should().Be(StripeSignatureFailure.NoMatchingSignature);
    }

    [Fact]
    public void The_tolerance_can_be_changed()
    {
        new StripeSignatureVerifier(Secret, new FixedClock(SignedAt.AddSeconds(61)), TimeSpan.FromSeconds(60))
            .Verify($"t={Timestamp},v1={KnownSignature}", Body).Failure.Should().Be(StripeSignatureFailure.StaleTimestamp);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_missing_header_is_reported(string? header)
    {
        Verify(header).Failure.Should().Be(StripeSignatureFailure.MissingHeader);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("v1=0d65374a0520b09036b1c5d00821870257c09ad9c4c146ce26eef872d42f8ea7")]
    [InlineData("t=,v1=0d65374a0520b09036b1c5d00821870257c09ad9c4c146ce26eef872d42f8ea7")]
    [InlineData("t=abc,v1=0d65374a0520b09036b1c5d00821870257c09ad9c4c146ce26eef872d42f8ea7")]
    [InlineData("t=-1700000000,v1=0d65374a0520b09036b1c5d00821870257c09ad9c4c146ce26eef872d42f8ea7")]
    [InlineData("t=1700000000.5,v1=0d65374a0520b09036b1c5d00821870257c09ad9c4c146ce26eef872d42f8ea7")]
    [InlineData("t=999999999999,v1=0d65374a0520b09036b1c5d00821870257c09ad9c4c146ce26eef872d42f8ea7")]
    [InlineData("t=99999999999999999999,v1=0d65374a0520b09036b1c5d00821870257c09ad9c4c146ce26eef872d42f8ea7")]
    [InlineData("t=1700000000,t=1700000000,v1=0d65374a0520b09036b1c5d00821870257c09ad9c4c146ce26eef872d42f8ea7")]
    [InlineData("t=1700000000,=abc")]
    [InlineData("t=1700000000,,v1=0d65374a0520b09036b1c5d00821870257c09ad9c4c146ce26eef872d42f8ea7")]
    public void A_malformed_header_is_reported(string header)
    {
        var result = Verify(header);

        result.Failure.Should().Be(StripeSignatureFailure.Malformed);
        result.Reason.Should().NotBeNullOrEmpty();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Without_a_secret_nothing_is_accepted(string? secret)
    {
        var verifier = At(SignedAt, secret);

        verifier.IsConfigured.Should().BeFalse();
        verifier.Verify($"t={Timestamp},v1={KnownSignature}", Body).Failure.Should().Be(StripeSignatureFailure.NotConfigured);
    }

    [Fact]
    public void An_empty_body_can_be_signed_and_verified()
    {
        var header = StripeSignatureVerifier.SignatureHeader(Secret, SignedAt, []);

        At(SignedAt).Verify(header, []).IsValid.Should().BeTrue();
        At(SignedAt).Verify(header, Body).IsValid.Should().BeFalse();
    }
}
