using VoiceTraining.Application.Identity;
using VoiceTraining.Application.Identity.Commands.ProcessIdentityEvent;
using VoiceTraining.Application.ProviderWebhooks;

namespace VoiceTraining.Infrastructure.Identity.Clerk;

/// <summary>Clerk's identity events through the inbound pipeline: <see cref="ClerkWebhookVerifier"/> (Svix) over the raw body, then <see cref="ClerkEventParser"/>.</summary>
public sealed class ClerkInboundWebhook(ClerkWebhookVerifier verifier) : IInboundWebhook<ProcessIdentityEventCommand, IdentityEventOutcome>
{
    public string Provider => "Clerk";

    public long MaxBodyBytes => 512 * 1024;

    public InboundWebhookBody Body => InboundWebhookBody.Raw;

    public bool IsConfigured => verifier.IsConfigured;

    public string NotConfiguredDetail => "Clerk webhooks are not configured on this installation (set CLERK_WEBHOOK_SECRET).";

    public InboundVerification Verify(InboundWebhookRequest request) =>
        InboundVerification.Unless(verifier.WhyRejected(request.Header(ClerkWebhookVerifier.IdHeader), request.Header(ClerkWebhookVerifier.TimestampHeader),
            request.Header(ClerkWebhookVerifier.SignatureHeader), request.Body.Span));

    public InboundTranslation<ProcessIdentityEventCommand> Translate(InboundWebhookRequest request)
    {
        var parsed = ClerkEventParser.Parse(request.Header(ClerkWebhookVerifier.IdHeader) ?? "", request.Body.Span);
        return parsed.Event is { } identityEvent
            ? new InboundTranslation<ProcessIdentityEventCommand>.Send(identityEvent.Type, new ProcessIdentityEventCommand(identityEvent))
            : new InboundTranslation<ProcessIdentityEventCommand>.Unreadable(parsed.Error ?? "The body is not a Clerk event.");
    }

    public InboundOutcome Outcome(IdentityEventOutcome result) => InboundOutcome.Of(result);
}
