using System.Text;
using VoiceTraining.Infrastructure.Security;

namespace VoiceTraining.UnitTests.Infrastructure.Webhooks;

/// <summary>The Standard Webhooks scheme against the specification's published test vector.</summary>
public class StandardWebhooksTests
{
    // From the Standard Webhooks specification and its reference libraries' tests.
    internal const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    internal const string MessageId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    internal const long Timestamp = 1614265330;
    internal const string Body = """{"test": 2432232314}""";
    internal const string Signature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(Timestamp);
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);
    private static readonly string OtherSecret = "whsec_" + Convert.ToBase64String(Encoding.ASCII.GetBytes("another secret of 32 bytes......"));

    private static string? Verify(string? signatureHeader, string secret = Secret, string body = Body, int secondsAfterSigning = 0,
        string? id = MessageId, string? timestamp = "1614265330") =>
        StandardWebhooks.Verify(secret, id, timestamp, signatureHeader, Encoding.UTF8.GetBytes(body), SignedAt.AddSeconds(secondsAfterSigning), Tolerance);

    [Fact]
    public void Sign_reproduces_the_published_vector()
    {
        StandardWebhooks.Sign(Secret, MessageId, Timestamp, Encoding.UTF8.GetBytes(Body)).Should().Be(Signature);
    }

    [Fact]
    public void The_key_is_the_base64_decoded_part_after_the_prefix()
    {
        StandardWebhooks.KeyFromSecret(Secret).Should().Equal(Convert.FromBase64String("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
        // A bare base64 secret (without whsec_) means the same key.
        StandardWebhooks.Sign("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", MessageId, Timestamp, Encoding.UTF8.GetBytes(Body)).Should().Be(Signature);
    }

    [Fact]
    public void Verify_accepts_the_vector_at_its_time()
    {
        Verify(Signature).Should().BeNull();
    }

    [Theory]
    [InlineData(-300)]
    [InlineData(-1)]
    [InlineData(1)]
    [InlineData(299)]
    [InlineData(300)]
    public void Verify_accepts_timestamps_within_five_minutes(int secondsAfterSigning)
    {
        Verify(Signature, secondsAfterSigning: secondsAfterSigning).Should().BeNull();
    }

    [Theory]
    [InlineData(301)]
    [InlineData(3600)]
    [InlineData(86400 * 365)]
    public void Verify_rejects_an_old_timestamp(int secondsAfterSigning)
    {
        Verify(Signature, secondsAfterSigning: secondsAfterSigning).Should().Be("The webhook timestamp is too old.");
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(-3600)]
    public void Verify_rejects_a_future_timestamp(int secondsAfterSigning)
    {
        Verify(Signature, secondsAfterSigning: secondsAfterSigning).Should().Be("The webhook timestamp is in the future.");
    }

    [Theory]
    [InlineData("{good}")]
    [InlineData("{bad} {good}")]
    [InlineData("{good} {bad}")]
    [InlineData("{bad} {bad} {good}")]
    [InlineData("v2,{raw} {good}")]
    [InlineData("  {good}  ")]
    [InlineData("{bad}  {good}")]
    public void Verify_accepts_any_matching_v1_among_several(string template)
    {
        var bad = StandardWebhooks.Sign(OtherSecret, MessageId, Timestamp, Encoding.UTF8.GetBytes(Body));
        var header = template.Replace("{good}", Signature, StringComparison.Ordinal)
            .Replace("{bad}", bad, StringComparison.Ordinal)
            .Replace("{raw}", Signature[3..], StringComparison.Ordinal);

        Verify(header).Should().BeNull();
    }

    [Theory]
    [InlineData("v2,{raw}")]
    [InlineData("v1a,{raw}")]
    [InlineData("V1,{raw}")]
    [InlineData("{raw}")]
    [InlineData("v1={raw}")]
    [InlineData("v1,")]
    [InlineData("v1,{truncated}")]
    [InlineData("v1,{raw}=")]
    public void Verify_ignores_entries_that_are_not_a_v1_signature(string template)
    {
        var raw = Signature[3..];
        var header = template.Replace("{raw}", raw, StringComparison.Ordinal).Replace("{truncated}", raw[..^4], StringComparison.Ordinal);

        Verify(header).Should().Be("No signature matches.");
    }

    [Fact]
    public void Verify_rejects_a_wrong_secret()
    {
        Verify(Signature, secret: OtherSecret).Should().Be("No signature matches.");
        // The whole "whsec_…" string is not the key here.
        Verify(Signature, secret: "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes(Secret))).Should().Be("No signature matches.");
    }

    [Theory]
    [InlineData("""{"test": 2432232315}""")]
    [InlineData("""{"test":2432232314}""")]
    [InlineData("""{"test": 2432232314} """)]
    [InlineData("")]
    public void Verify_rejects_a_tampered_body(string body)
    {
        Verify(Signature, body: body).Should().Be("No signature matches.");
    }

    [Fact]
    public void Verify_rejects_another_message_id_or_timestamp()
    {
        Verify(Signature, id: "msg_p5jXN8AQM9LWM0D4loKWxJeK").Should().Be("No signature matches.");
        Verify(Signature, timestamp: "1614265331", secondsAfterSigning: 1).Should().Be("No signature matches.");
    }

    [Theory]
    [InlineData(null, "1614265330", "sig")]
    [InlineData("", "1614265330", "sig")]
    [InlineData(MessageId, null, "sig")]
    [InlineData(MessageId, "", "sig")]
    [InlineData(MessageId, "1614265330", null)]
    [InlineData(MessageId, "1614265330", "")]
    public void Verify_rejects_missing_headers(string? id, string? timestamp, string? signature)
    {
        Verify(signature == "sig" ? Signature : signature, id: id, timestamp: timestamp)
            .Should().Be("Missing webhook id, timestamp or signature header.");
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1614265330")]
    [InlineData("1614265330.5")]
    [InlineData(" 1614265330")]
    [InlineData("2021-02-25T15:02:10Z")]
    public void Verify_rejects_a_timestamp_that_is_not_unix_seconds(string timestamp)
    {
        Verify(Signature, timestamp: timestamp).Should().Be("The webhook timestamp is not a number.");
    }

    [Theory]
    [InlineData("whsec_not base64!")]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS")]
    [InlineData("whsec_%%%%")]
    public void Verify_reports_a_secret_that_is_not_base64(string secret)
    {
        Verify(Signature, secret: secret).Should().Be("The signing secret is not valid base64.");
        FluentActions.Invoking(() => StandardWebhooks.KeyFromSecret(secret)).Should().Throw<FormatException>();
    }
}
