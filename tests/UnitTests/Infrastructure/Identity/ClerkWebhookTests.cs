using System.Text;
using Microsoft.Extensions.Time.Testing;
using VoiceTraining.Application.Identity;
using VoiceTraining.Infrastructure.Email.Inbound;
using VoiceTraining.Infrastructure.Identity.Clerk;
using VoiceTraining.UnitTests.Infrastructure.Webhooks;

namespace VoiceTraining.UnitTests.Infrastructure.Identity;

/// <summary>Clerk's (Svix's) signature check against the published Standard Webhooks/Svix test vector, and its event parsing.</summary>
public class ClerkWebhookTests
{
    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(StandardWebhooksTests.Timestamp);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes(StandardWebhooksTests.Body);

    private static ClerkWebhookVerifier Verifier(int secondsAfter = 0, string? secret = StandardWebhooksTests.Secret) =>
        new(secret, new FakeTimeProvider(SignedAt.AddSeconds(secondsAfter)));

    [Theory]
    [InlineData(0)]
    [InlineData(299)]
    [InlineData(-299)]
    public void The_published_vector_verifies_within_five_minutes(int secondsAfter) =>
        Verifier(secondsAfter).WhyRejected(StandardWebhooksTests.MessageId, "1614265330", StandardWebhooksTests.Signature, Body).Should().BeNull();

    [Theory]
    [InlineData(301, "too old")]
    [InlineData(-301, "future")]
    public void Outside_five_minutes_it_is_rejected(int secondsAfter, string reason) =>
        Verifier(secondsAfter).WhyRejected(StandardWebhooksTests.MessageId, "1614265330", StandardWebhooksTests.Signature, Body).Should().Contain(reason);

    [Theory]
    [InlineData("msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", """{"test": 2432232315}""")]
    [InlineData("msg_p5jXN8AQM9LWM0D4loKWxJel", "1614265330", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", """{"test": 2432232314}""")]
    [InlineData("msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OF=", """{"test": 2432232314}""")]
    [InlineData("msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", "v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", """{"test": 2432232314}""")]
    [InlineData("msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", "", """{"test": 2432232314}""")]
    [InlineData("", "1614265330", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", """{"test": 2432232314}""")]
    [InlineData("msg_p5jXN8AQM9LWM0D4loKWxJek", "not-a-time", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", """{"test": 2432232314}""")]
    public void Any_change_to_id_body_or_signature_is_rejected(string id, string timestamp, string signature, string body) =>
        Verifier().WhyRejected(id, timestamp, signature, Encoding.UTF8.GetBytes(body)).Should().NotBeNull();

    [Fact]
    public void Several_space_separated_signatures_pass_when_one_matches() =>
        Verifier().WhyRejected(StandardWebhooksTests.MessageId, "1614265330",
            "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= " + StandardWebhooksTests.Signature, Body).Should().BeNull();

    [Fact]
    public void Without_a_secret_nothing_verifies()
    {
        var verifier = Verifier(secret: null);
        verifier.IsConfigured.Should().BeFalse();
        verifier.WhyRejected(StandardWebhooksTests.MessageId, "1614265330", StandardWebhooksTests.Signature, Body).Should().Contain("CLERK_WEBHOOK_SECRET");
    }

    [Fact]
    public void User_created_reads_the_primary_email_name_and_public_metadata()
    {
        const string json = """
            {"data":{"id":"user_29w83sxmDNGwOuEthce5gg56FcC","object":"user","first_name":"Example","last_name":"Example",
              "primary_email_address_id":"idn_29w83yL7CwVlJXylYLxcslromF1",
              "email_addresses":[{"email_address":"other@example.org","id":"idn_other","object":"email_address"},
                                 {"email_address":"example@example.org","id":"idn_29w83yL7CwVlJXylYLxcslromF1","object":"email_address"}],
              "public_metadata":{"org_id":"org_29w9IfBrPmcpi0IeBVaKtA7R94W","role":"org:admin"},"private_metadata":{}},
             "object":"event","type":"user.created","timestamp":1654012591835,"instance_id":"ins_123"}
            """;
        var result = ClerkEventParser.Parse("msg_1", Encoding.UTF8.GetBytes(json));
        result.Error.Should().BeNull();
        var e = result.Event!;
        e.Id.Should().Be("msg_1");
        e.Type.Should().Be(IdentityEventTypes.UserCreated);
        e.OccurredAt.Should().Be(DateTimeOffset.FromUnixTimeMilliseconds(1654012591835));
        e.User.Should().BeEquivalentTo(new IdentityUser("user_29w83sxmDNGwOuEthce5gg56FcC")
        {
            Email = "example@example.org", Name = "Example Example", OrganizationId = "org_29w9IfBrPmcpi0IeBVaKtA7R94W", Role = "org:admin",
        });
    }

    [Fact]
    public void Membership_events_read_the_organization_user_and_role()
    {
        const string json = """
            {"data":{"id":"orgmem_1","object":"organization_membership","role":"org:member",
              "organization":{"id":"org_1","name":"Acme","slug":"acme","object":"organization"},
              "public_user_data":{"user_id":"user_1","identifier":"jo@example.org","first_name":"Jo","last_name":null}},
             "object":"event","type":"organizationMembership.created","timestamp":1654012591835}
            """;
        var m = ClerkEventParser.Parse("msg_2", Encoding.UTF8.GetBytes(json)).Event!.Membership!;
        m.Should().BeEquivalentTo(new IdentityMembership("org_1", "user_1") { OrganizationName = "Acme", Role = "org:member", Email = "jo@example.org", Name = "Jo" });
    }

    [Fact]
    public void A_phone_number_identifier_is_not_taken_for_an_email()
    {
        const string json = """{"type":"organizationMembership.created","data":{"organization":{"id":"org_1"},"public_user_data":{"user_id":"user_1","identifier":"+15555550100"}}}""";
        ClerkEventParser.Parse("m", Encoding.UTF8.GetBytes(json)).Event!.Membership!.Email.Should().BeNull();
    }

    [Theory]
    [InlineData("nope", "not JSON")]
    [InlineData("[]", "not a JSON object")]
    [InlineData("""{"data":{}}""", "no type")]
    [InlineData("""{"type":"user.created"}""", "no data")]
    [InlineData("""{"type":"user.deleted","data":{"deleted":true}}""", "no id")]
    [InlineData("""{"type":"organizationMembership.deleted","data":{"organization":{"id":"org_1"}}}""", "public_user_data")]
    public void Unreadable_events_say_why(string json, string error) =>
        ClerkEventParser.Parse("m", Encoding.UTF8.GetBytes(json)).Error.Should().Contain(error);
}

/// <summary>Mailgun's webhook signature: hex HMAC-SHA256 of timestamp + token with the signing key.</summary>
public class MailgunWebhookVerifierTests
{
    private const string Key = "key-7e55d003b3c0ce0d02ad4f7b4f9c8c0a";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1700000000);

    [Fact]
    public void The_signature_is_hex_hmac_sha256_of_timestamp_then_token()
    {
        // Computed independently: printf '%s' '1700000000abc123' | openssl dgst -sha256 -hmac 'key-7e55d003b3c0ce0d02ad4f7b4f9c8c0a'
        MailgunWebhookVerifier.Sign(Key, "1700000000", "abc123").Should().Be("59d4aa1d29e7fba3cd31a4af114ddd78470a8d4c5be31105821de86880f65232");
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(299, null)]
    [InlineData(301, "too old")]
    [InlineData(-301, "future")]
    public void Timestamps_are_accepted_for_five_minutes(int secondsAfter, string? reason)
    {
        var verifier = new MailgunWebhookVerifier(Key, new FakeTimeProvider(Now.AddSeconds(secondsAfter)));
        var result = verifier.WhyRejected("1700000000", "tok", MailgunWebhookVerifier.Sign(Key, "1700000000", "tok"));
        if (reason is null) result.Should().BeNull();
        else result.Should().Contain(reason);
    }

    [Theory]
    [InlineData("1700000000", "tok2")]
    [InlineData("1700000001", "tok")]
    public void The_signature_binds_timestamp_and_token(string timestamp, string token)
    {
        var verifier = new MailgunWebhookVerifier(Key, new FakeTimeProvider(Now));
        verifier.WhyRejected(timestamp, token, MailgunWebhookVerifier.Sign(Key, "1700000000", "tok")).Should().Contain("does not match");
    }

    [Fact]
    public void Upper_case_hex_is_accepted_and_missing_fields_are_named()
    {
        var verifier = new MailgunWebhookVerifier(Key, new FakeTimeProvider(Now));
        verifier.WhyRejected("1700000000", "tok", MailgunWebhookVerifier.Sign(Key, "1700000000", "tok").ToUpperInvariant()).Should().BeNull();
        verifier.WhyRejected("1700000000", null, "x").Should().Contain("missing");
        verifier.WhyRejected("soon", "tok", "x").Should().Contain("not a number");
    }
}
