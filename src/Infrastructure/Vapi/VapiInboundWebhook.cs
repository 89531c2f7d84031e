using VoiceTraining.Application.Calls;
using VoiceTraining.Application.Calls.Commands.RecordCallEvent;
using VoiceTraining.Application.ProviderWebhooks;

namespace VoiceTraining.Infrastructure.Vapi;

/// <summary>Vapi's server messages through the inbound pipeline: <see cref="VapiWebhookAuthenticator"/>, then <see cref="VapiWebhookParser"/>.</summary>
public sealed class VapiInboundWebhook(VapiWebhookAuthenticator authenticator) : IInboundWebhook<RecordCallEventCommand, CallEventOutcome>
{
    public string Provider => "Vapi";

    /// <summary>End-of-call reports carry whole transcripts: more than the API's default body size.</summary>
    public long MaxBodyBytes => 8 * 1024 * 1024;

    public InboundWebhookBody Body => InboundWebhookBody.Raw;

    public bool IsConfigured => authenticator.IsConfigured;

    public string NotConfiguredDetail => "Vapi webhooks are not configured on this installation (set VAPI_WEBHOOK_SECRET or VAPI_WEBHOOK_HMAC_SECRET).";

    public InboundVerification Verify(InboundWebhookRequest request) =>
        InboundVerification.Unless(authenticator.Verify(request.Header, request.Body.Span));

    public InboundTranslation<RecordCallEventCommand> Translate(InboundWebhookRequest request)
    {
        var parsed = VapiWebhookParser.Parse(request.Body.Span);
        if (parsed.Error is not null) return new InboundTranslation<RecordCallEventCommand>.Unreadable(parsed.Error);
        return parsed.Event is { } callEvent
            ? new InboundTranslation<RecordCallEventCommand>.Send(parsed.Type, new RecordCallEventCommand(callEvent))
            : new InboundTranslation<RecordCallEventCommand>.Ignore(parsed.Type);
    }

    public InboundOutcome Outcome(CallEventOutcome result) => InboundOutcome.Of(result);
}
