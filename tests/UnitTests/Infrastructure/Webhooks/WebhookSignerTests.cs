using System.Text;
using VoiceTraining.Infrastructure.Security;
using VoiceTraining.Infrastructure.Webhooks.Outbound;

namespace VoiceTraining.UnitTests.Infrastructure.Webhooks;

public class WebhookSignerTests
{
    private const string Secret = StandardWebhooksTests.Secret;
    private const string PreviousSecret = "whsec_dGhlIHByZXZpb3VzIHNlY3JldCwgMzIgYnl0ZXMhISE=";
    private const string MessageId = "0193a7e2-4b1c-7d2e-9f00-000000000001";
    private const string BodyText = """{"event":"webhook.test","idempotency_key":"0193a7e2-4b1c-7d2e-9f00-000000000001","message":"hi"}""";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes(BodyText);

    // Computed once, independently of this code, with:
    //   printf '%s' '{"event":"webhook.test","idempotency_key":"0193a7e2-4b1c-7d2e-9f00-000000000001","message":"hi"}' \
    //     | openssl dgst -sha256 -hmac 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
    private const string KnownContractSignature = "sha256=67f8cf1b91aa75525199dcfbf46c803b727d581b0607474a04d7811f5b87598f";

    /// <summary>2025-09-29T12:34:56.789Z: the header carries whole seconds.</summary>
    private static readonly DateTimeOffset Now = new(2025, 9, 29, 12, 34, 56, 789, TimeSpan.Zero);
    private const string NowUnixSeconds = "1759149296";

    [Fact]
    public void The_contract_signature_matches_an_independently_computed_vector()
    {
        WebhookSigner.ContractSignature(Secret, Body).Should().Be(KnownContractSignature);
    }

    [Fact]
    public void The_contract_signature_is_keyed_with_the_whole_secret_string()
    {
        // Not the decoded key the Standard Webhooks header uses, and not the part after whsec_.
        WebhookSigner.ContractSignature("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", Body).Should().NotBe(KnownContractSignature);
        WebhookSigner.ContractSignature(Secret, Encoding.UTF8.GetBytes(BodyText + " ")).Should().NotBe(KnownContractSignature);
    }

    [Fact]
    public void Sign_without_a_previous_secret_gives_one_signature_of_each_kind()
    {
        var headers = WebhookSigner.Sign(MessageId, Now, Body, Secret, previousSecret: null);

        headers.XWebhookSignature.Should().Be(KnownContractSignature);
        headers.XWebhookSignaturePrevious.Should().BeNull();
        headers.WebhookSignature.Should().StartWith("v1,").And.NotContain(" ");
        headers.Timestamp.Should().Be(NowUnixSeconds);
        StandardWebhooks.Verify(Secret, MessageId, headers.Timestamp, headers.WebhookSignature, Body, Now, TimeSpan.FromMinutes(5)).Should().BeNull();
    }

    [Fact]
    public void Sign_reproduces_the_standard_webhooks_vector()
    {
        var headers = WebhookSigner.Sign(StandardWebhooksTests.MessageId, DateTimeOffset.FromUnixTimeSeconds(StandardWebhooksTests.Timestamp),
            Encoding.UTF8.GetBytes(StandardWebhooksTests.Body), Secret, null);

        headers.WebhookSignature.Should().Be(StandardWebhooksTests.Signature);
        headers.Timestamp.Should().Be("1614265330");
    }

    [Fact]
    public void During_a_rotation_both_secrets_sign()
    {
        var headers = WebhookSigner.Sign(MessageId, Now, Body, Secret, PreviousSecret);

        // The contract's header stays one value (exact comparison keeps working with the new secret) ...
        headers.XWebhookSignature.Should().Be(KnownContractSignature).And.NotContain(" ");
        headers.XWebhookSignaturePrevious.Should().Be(WebhookSigner.ContractSignature(PreviousSecret, Body)).And.NotBe(KnownContractSignature);
        // ... the Standard Webhooks header lists both, current first.
        var entries = headers.WebhookSignature.Split(' ');
        entries.Should().HaveCount(2).And.OnlyContain(e => e.StartsWith("v1,", StringComparison.Ordinal));
        entries[0].Should().NotBe(entries[1]);
        headers.Timestamp.Should().Be(NowUnixSeconds);
    }

    [Fact]
    public void Each_rotation_signature_verifies_under_its_own_secret_only()
    {
        var headers = WebhookSigner.Sign(MessageId, Now, Body, Secret, PreviousSecret);
        var entries = headers.WebhookSignature.Split(' ');
        var tolerance = TimeSpan.FromMinutes(5);

        StandardWebhooks.Verify(Secret, MessageId, headers.Timestamp, entries[0], Body, Now, tolerance).Should().BeNull();
        StandardWebhooks.Verify(PreviousSecret, MessageId, headers.Timestamp, entries[1], Body, Now, tolerance).Should().BeNull();
        StandardWebhooks.Verify(PreviousSecret, MessageId, headers.Timestamp, entries[0], Body, Now, tolerance).Should().Be("No signature matches.");
        StandardWebhooks.Verify(Secret, MessageId, headers.Timestamp, entries[1], Body, Now, tolerance).Should().Be("No signature matches.");
        // A receiver holding either secret accepts the whole header.
        StandardWebhooks.Verify(Secret, MessageId, headers.Timestamp, headers.WebhookSignature, Body, Now, tolerance).Should().BeNull();
        StandardWebhooks.Verify(PreviousSecret, MessageId, headers.Timestamp, headers.WebhookSignature, Body, Now, tolerance).Should().BeNull();
    }

    [Fact]
    public void The_signatures_depend_on_the_message_id_and_time_but_the_contract_one_only_on_the_body()
    {
        var first = WebhookSigner.Sign(MessageId, Now, Body, Secret, null);
        var laterRetry = WebhookSigner.Sign(MessageId, Now.AddMinutes(5), Body, Secret, null);
        var otherMessage = WebhookSigner.Sign("0193a7e2-4b1c-7d2e-9f00-000000000002", Now, Body, Secret, null);

        laterRetry.Timestamp.Should().Be("1759149596");
        laterRetry.WebhookSignature.Should().NotBe(first.WebhookSignature);
        otherMessage.WebhookSignature.Should().NotBe(first.WebhookSignature);
        laterRetry.XWebhookSignature.Should().Be(first.XWebhookSignature);
    }
}
