using MediatR;

namespace VoiceTraining.Application.ProviderWebhooks;

/// <summary>How a provider posts its deliveries: the raw body it signs, or a form whose fields carry the signature.</summary>
public enum InboundWebhookBody
{
    Raw,
    Form,
}

/// <summary>
/// A provider's inbound webhook (payments, identity, voice calls, email replies): what the one
/// endpoint runner needs to take a delivery. The runner checks <see cref="IsConfigured"/>, reads the
/// body once within <see cref="MaxBodyBytes"/>, and calls <see cref="Verify"/> before anything reads
/// the body as data. See docs/adr/0013-inbound-provider-webhooks.md for the answers it gives.
/// </summary>
public interface IInboundWebhook
{
    /// <summary>The provider's name as its dashboard shows it ("Stripe"), for logs and answers.</summary>
    string Provider { get; }

    /// <summary>The largest body taken; a larger one is refused before it is read whole.</summary>
    long MaxBodyBytes { get; }

    InboundWebhookBody Body { get; }

    /// <summary>A signing secret is set. Without one nothing could be verified, so nothing is taken.</summary>
    bool IsConfigured { get; }

    /// <summary>What an operator sets to configure it, for the 503 answer ("set STRIPE_WEBHOOK_SECRET").</summary>
    string NotConfiguredDetail { get; }

    /// <summary>Checks that the delivery comes from the provider and is fresh: signature, shared secret, timestamp.</summary>
    InboundVerification Verify(InboundWebhookRequest request);
}

/// <summary>
/// A provider's inbound webhook that becomes <typeparamref name="TCommand"/>: the verified delivery
/// is translated into the command, and the command's result into the answer.
/// </summary>
public interface IInboundWebhook<TCommand, TResult> : IInboundWebhook
    where TCommand : IRequest<TResult>
{
    /// <summary>Reads a verified delivery: the command to send, a type to acknowledge without one, or why it cannot be read.</summary>
    InboundTranslation<TCommand> Translate(InboundWebhookRequest request);

    /// <summary>What the command's result means for the provider.</summary>
    InboundOutcome Outcome(TResult result);
}
