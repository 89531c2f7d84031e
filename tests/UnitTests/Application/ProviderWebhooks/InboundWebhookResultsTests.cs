using VoiceTraining.Application.Billing;
using VoiceTraining.Application.Calls;
using VoiceTraining.Application.Identity;
using VoiceTraining.Application.ProviderWebhooks;
using VoiceTraining.Application.Billing.Commands.ProcessBillingEvent;

namespace VoiceTraining.UnitTests.Application.ProviderWebhooks;

public class InboundWebhookResultsTests
{
    [Fact]
    public void Outcomes_are_answered_in_snake_case()
    {
        InboundOutcome.Of(CallEventOutcome.UnknownCall).Outcome.Should().Be("unknown_call");
        InboundOutcome.Of(BillingEventOutcome.Stale).Outcome.Should().Be("stale");
        InboundOutcome.Of(IdentityEventOutcome.Deferred).Outcome.Should().Be("deferred");
    }

    [Fact]
    public void A_verifier_that_gives_a_reason_has_rejected_the_delivery()
    {
        InboundVerification.Unless(null).IsAuthentic.Should().BeTrue();
        var rejected = InboundVerification.Unless("The timestamp is too old.");
        rejected.IsAuthentic.Should().BeFalse();
        rejected.Reason.Should().Be("The timestamp is too old.");
    }

    [Fact]
    public void Form_fields_are_found_whatever_their_case_and_absent_ones_are_null()
    {
        var request = new InboundWebhookRequest(_ => null, ReadOnlyMemory<byte>.Empty,
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Message-Id"] = "<m@x>" });

        request.Field("message-id").Should().Be("<m@x>");
        request.Field("token").Should().BeNull();
        new InboundWebhookRequest(_ => null, ReadOnlyMemory<byte>.Empty).Field("token").Should().BeNull();
    }
}
