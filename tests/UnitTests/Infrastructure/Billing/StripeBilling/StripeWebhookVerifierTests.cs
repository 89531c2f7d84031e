using Microsoft.Extensions.Time.Testing;
using Stripe;
using VoiceTraining.Infrastructure.Billing.StripeBilling;

namespace VoiceTraining.UnitTests.Infrastructure.Billing.StripeBilling;

/// <summary>Stripe's webhook scheme through <see cref="StripeWebhookVerifier"/> (Stripe.net's EventUtility underneath).</summary>
public class StripeWebhookVerifierTests
{
    private const string Secret = "whsec_test_5ecret";
    private const long Timestamp = 1_700_000_000;
    private const string Body = """{"id":"evt_1","object":"event","api_version":"2026-10-28.endive","created":1700000000,"livemode":false,"type":"invoice.payment_succeeded","data":{"object":{"id":"in_1","object":"invoice","amount_paid":4900,"currency":"usd"}}}""";

    // Computed once, independently of this code, with:
    //   printf '%s' "1700000000.$BODY" | openssl dgst -sha256 -hmac 'whsec_test_5ecret'
    private const string KnownSignature = "292f71cbbf19cd1e73e5ee133401f658cd65624b8ee2ec2ee344d7fac83df926";

    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(Timestamp);

    private static StripeWebhookVerifier At(DateTimeOffset now, string? secret = Secret) => new(secret, new FakeTimeProvider(now));

    /// <summary>Null when the signature is accepted, else the reason (for the log).</summary>
    private static string? Rejected(string? header, int secondsAfterSigning = 10, string body = Body) =>
        At(SignedAt.AddSeconds(secondsAfterSigning)).WhyRejected(body, header);

    private static string Signed(string body, long timestamp = Timestamp, string secret = Secret) =>
        $"t={timestamp},v1={EventUtility.ComputeSignature(secret, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture), body)}";

    [Fact]
    public void The_signature_matches_an_independently_computed_vector()
    {
        Rejected($"t={Timestamp},v1={KnownSignature}").Should().BeNull();
        StripeWebhookVerifier.Read(Body).Event!.Id.Should().Be("evt_1");
    }

    [Fact]
    public void Stripe_nets_header_helper_writes_the_same_header()
    {
        EventUtility.GenerateSignatureHeader(Body, Secret, Timestamp).Should().Be($"t={Timestamp},v1={KnownSignature}");
    }

    [Fact]
    public void The_key_is_the_whole_secret_including_its_prefix()
    {
        At(SignedAt, "test_5ecret").WhyRejected(Body, $"t={Timestamp},v1={KnownSignature}").Should().NotBeNull();
    }

    [Theory]
    [InlineData("t={t},v1={bad},v1={good}")]
    [InlineData("t={t},v1={good},v1={bad}")]
    [InlineData("t={t},v0={bad},v1={bad},v1={good}")]
    [InlineData("v1={good},t={t}")]
    [InlineData("t={t}, v1={good}")]
    [InlineData("t={t},v1={good},scheme=unknown")]
    public void Any_v1_signature_may_match(string template)
    {
        var header = template.Replace("{t}", Timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{good}", KnownSignature, StringComparison.Ordinal)
            .Replace("{bad}", Signed(Body, secret: "whsec_old_secret").Split("v1=")[1], StringComparison.Ordinal);

        Rejected(header).Should().BeNull();
    }

    [Fact]
    public void A_v0_signature_alone_is_not_enough()
    {
        Rejected($"t={Timestamp},v0={KnownSignature}").Should().NotBeNull();
    }

    [Theory]
    [InlineData("tampered")]
    [InlineData("other secret")]
    [InlineData("other timestamp")]
    [InlineData("short")]
    [InlineData("not hex")]
    [InlineData("upper-case hex")]
    public void A_signature_that_does_not_match_is_refused(string variant)
    {
        var header = variant switch
        {
            "tampered" => $"t={Timestamp},v1={KnownSignature}",
            "other secret" => Signed(Body, secret: "whsec_other"),
            "other timestamp" => $"t={Timestamp + 1},v1={KnownSignature}",
            "short" => $"t={Timestamp},v1={KnownSignature[..32]}",
            // Stripe signs in lower-case hex, and the comparison is exact.
            "upper-case hex" => $"t={Timestamp},v1={KnownSignature.ToUpperInvariant()}",
            _ => $"t={Timestamp},v1={new string('z', 64)}",
        };
        var body = variant == "tampered" ? Body.Replace("4900", "1", StringComparison.Ordinal) : Body;

        Rejected(header, body: body).Should().NotBeNull().And.Contain("signature");
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(300, true)]
    [InlineData(301, false)]
    [InlineData(86_400, false)]
    [InlineData(-300, true)]
    [InlineData(-301, false)]
    [InlineData(-3600, false)]
    public void A_signature_beyond_the_tolerance_either_way_is_refused(int age, bool valid)
    {
        var reason = Rejected($"t={Timestamp},v1={KnownSignature}", secondsAfterSigning: age);

        if (valid) reason.Should().BeNull();
        else reason.Should().Contain("tolerance");
    }

    [Fact]
    public void The_clock_is_the_registered_time_provider()
    {
        var clock = new FakeTimeProvider(SignedAt);
        var verifier = new StripeWebhookVerifier(Secret, clock);
        verifier.WhyRejected(Body, $"t={Timestamp},v1={KnownSignature}").Should().BeNull();

        clock.Advance(TimeSpan.FromSeconds(301));

        verifier.WhyRejected(Body, $"t={Timestamp},v1={KnownSignature}").Should().NotBeNull();
    }

    [Fact]
    public void The_signature_is_checked_before_the_timestamp()
    {
        // A forged, old header is reported as not matching, not as merely stale.
        Rejected($"t={Timestamp},v1={new string('0', 64)}", secondsAfterSigning: 3600).Should().NotContain("tolerance").And.Contain("signature");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_missing_header_is_reported(string? header)
    {
        Rejected(header).Should().Contain("Stripe-Signature").And.Contain("missing");
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("v1=292f71cbbf19cd1e73e5ee133401f658cd65624b8ee2ec2ee344d7fac83df926")]
    [InlineData("t=,v1=292f71cbbf19cd1e73e5ee133401f658cd65624b8ee2ec2ee344d7fac83df926")]
    [InlineData("t=abc,v1=292f71cbbf19cd1e73e5ee133401f658cd65624b8ee2ec2ee344d7fac83df926")]
    [InlineData("t=-1700000000,v1=292f71cbbf19cd1e73e5ee133401f658cd65624b8ee2ec2ee344d7fac83df926")]
    [InlineData("t=1700000000.5,v1=292f71cbbf19cd1e73e5ee133401f658cd65624b8ee2ec2ee344d7fac83df926")]
    [InlineData("t=99999999999999999999,v1=292f71cbbf19cd1e73e5ee133401f658cd65624b8ee2ec2ee344d7fac83df926")]
    [InlineData("t=1700000000,=abc")]
    [InlineData("t=1700000000,,v1=292f71cbbf19cd1e73e5ee133401f658cd65624b8ee2ec2ee344d7fac83df926")]
    public void A_malformed_header_is_refused(string header)
    {
        Rejected(header).Should().NotBeNullOrEmpty();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Without_a_secret_nothing_is_accepted(string? secret)
    {
        var verifier = At(SignedAt, secret);

        verifier.IsConfigured.Should().BeFalse();
        verifier.WhyRejected(Body, $"t={Timestamp},v1={KnownSignature}").Should().Contain("STRIPE_WEBHOOK_SECRET");
    }

    private const string SubscriptionUpdated = """
        {
          "id": "evt_1Q2w3E4r5T6y7U8i",
          "object": "event",
          "api_version": "2026-10-28.endive",
          "created": 1767225600,
          "livemode": false,
          "pending_webhooks": 1,
          "request": {"id": "req_abc", "idempotency_key": "9f6b…"},
          "type": "customer.subscription.updated",
          "data": {
            "object": {
              "id": "sub_123", "object": "subscription", "customer": "cus_123", "status": "past_due", "cancel_at_period_end": true,
              "metadata": {"org_id": "0191f3a2-7b1c-7d2e-9f00-123456789abc"},
              "items": {"object": "list", "has_more": false, "data": [
                {"id": "si_1", "object": "subscription_item", "quantity": 5, "current_period_start": 1767225600, "current_period_end": 1769904000,
                 "price": {"id": "price_pro", "object": "price", "unit_amount": 19900, "currency": "usd"}}
              ]}
            },
            "previous_attributes": {"status": "active", "cancel_at_period_end": false}
          }
        }
        """;

    /// <summary>A body read after its signature was accepted.</summary>
    private static StripeWebhookResult ReadSigned(string body)
    {
        At(SignedAt).WhyRejected(body, Signed(body)).Should().BeNull();
        return StripeWebhookVerifier.Read(body);
    }

    [Fact]
    public void The_envelope_and_the_typed_object_are_read()
    {
        var result = ReadSigned(SubscriptionUpdated);

        result.IsValid.Should().BeTrue(result.Reason);
        var e = result.Event!;
        e.Id.Should().Be("evt_1Q2w3E4r5T6y7U8i");
        e.Type.Should().Be("customer.subscription.updated");
        e.Created.Should().Be(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        e.Livemode.Should().BeFalse();
        e.ApiVersion.Should().Be("2026-10-28.endive");
        StripeWebhookVerifier.IsPinnedVersion(e).Should().BeTrue();
        var subscription = e.Data.Object.Should().BeOfType<Subscription>().Subject;
        subscription.Status.Should().Be("past_due");
        subscription.CancelAtPeriodEnd.Should().BeTrue();
        subscription.Items.Data.Single().CurrentPeriodEnd.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1769904000).UtcDateTime);
        ((object?)e.Data.PreviousAttributes).Should().NotBeNull("*.updated events carry the changed fields' old values");
    }

    [Theory]
    [InlineData("2024-06-20")]
    [InlineData("2025-09-30.clover")]
    [InlineData(null)]
    public void An_event_of_another_api_version_is_read_and_flagged(string? version)
    {
        var body = SubscriptionUpdated.Replace("\"api_version\": \"2026-10-28.endive\",", version is null ? "" : $"\"api_version\": \"{version}\",", StringComparison.Ordinal);

        var result = ReadSigned(body);

        result.IsValid.Should().BeTrue("a version mismatch is logged, not refused (docs/adr/0010)");
        StripeWebhookVerifier.IsPinnedVersion(result.Event!).Should().BeFalse();
    }

    [Fact]
    public void An_event_of_another_unknown_object_is_read()
    {
        var result = ReadSigned("""{"id":"evt_2","object":"event","type":"charge.dispute.created","created":1,"livemode":true,"data":{"object":{"id":"dp_1","object":"dispute_v9"}}}""");

        result.IsValid.Should().BeTrue(result.Reason);
        result.Event!.Livemode.Should().BeTrue();
    }

    [Theory]
    [InlineData("", "not a Stripe event")]
    [InlineData("not json", "not a Stripe event")]
    [InlineData("[1]", "not a Stripe event")]
    [InlineData("""{"id":"cus_1","object":"customer"}""", "\"customer\", not an event")]
    [InlineData("""{"object":"event","type":"x","created":1,"data":{"object":{}}}""", "no id")]
    [InlineData("""{"id":"evt_1","object":"event","created":1,"data":{"object":{}}}""", "no type")]
    [InlineData("""{"id":"evt_1","object":"event","type":"x","data":{"object":{}}}""", "no created")]
    [InlineData("""{"id":"evt_1","object":"event","type":"x","created":"yesterday","data":{"object":{}}}""", "not a Stripe event")]
    [InlineData("""{"id":"evt_1","object":"event","type":"x","created":1}""", "no data.object")]
    [InlineData("""{"id":"evt_1","object":"event","type":"x","created":1,"data":{"object":"sub_1"}}""", "not a Stripe event")]
    [InlineData("""{"id":"evt_1","object":"event","type":"customer.subscription.updated","created":1,"data":{"object":{"id":"sub_1","object":"subscription","items":"oops"}}}""", "not a Stripe event")]
    public void Signed_bodies_that_are_not_events_are_refused_without_library_details(string body, string detail)
    {
        var result = ReadSigned(body);

        result.IsValid.Should().BeFalse();
        result.Detail.Should().Contain(detail).And.NotContain("Exception").And.NotContain("Stripe.").And.NotContain("System.");
    }
}
