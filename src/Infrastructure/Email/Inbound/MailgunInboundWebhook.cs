using System.Net.Mail;
using VoiceTraining.Application.Attempts.Comments;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.ProviderWebhooks;
using VoiceTraining.Application.Attempts.Comments.Commands.AddEmailReply;

namespace VoiceTraining.Infrastructure.Email.Inbound;

/// <summary>
/// Replies to feedback emails, forwarded by a Mailgun route, through the inbound pipeline:
/// <see cref="MailgunWebhookVerifier"/> over the form's timestamp, token and signature, then the
/// fields as an <see cref="AddEmailReplyCommand"/>. A reply that can never become a comment is
/// undeliverable (Mailgun's 406: rejected, do not retry).
/// </summary>
public sealed class MailgunInboundWebhook(MailgunWebhookVerifier verifier, IAttemptReplyAddresses replyAddresses)
    : IInboundWebhook<AddEmailReplyCommand, EmailReplyOutcome>
{
    /// <summary>The type a reply's receipt names.</summary>
    public const string ReplyType = "inbound.reply";

    public string Provider => "Mailgun";

    /// <summary>Forwarded messages may carry attachments; the comment keeps only the text.</summary>
    public long MaxBodyBytes => 10 * 1024 * 1024;

    public InboundWebhookBody Body => InboundWebhookBody.Form;

    public bool IsConfigured => verifier.IsConfigured;

    public string NotConfiguredDetail => "Inbound email is not configured on this installation (set MAILGUN_WEBHOOK_SIGNING_KEY).";

    public InboundVerification Verify(InboundWebhookRequest request) =>
        InboundVerification.Unless(verifier.WhyRejected(request.Field("timestamp"), request.Field("token"), request.Field("signature")));

    public InboundTranslation<AddEmailReplyCommand> Translate(InboundWebhookRequest request)
    {
        var sender = AddressOf(request.Field("from")) ?? AddressOf(request.Field("sender"));
        if (sender is null) return new InboundTranslation<AddEmailReplyCommand>.Unreadable("The message has no readable from or sender address.");
        var attemptId = (request.Field("recipient") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(r => replyAddresses.TryReadAttemptId(AddressOf(r) ?? r)).FirstOrDefault(id => id is not null);
        var body = request.Field("stripped-text") is { Length: > 0 } stripped ? stripped : request.Field("body-plain") ?? "";
        var messageId = request.Field("Message-Id") ?? request.Field("message-id");
        // Verify found the token.
        return new InboundTranslation<AddEmailReplyCommand>.Send(ReplyType, new AddEmailReplyCommand(request.Field("token")!, attemptId, sender, body, messageId));
    }

    public InboundOutcome Outcome(EmailReplyOutcome result) => result switch
    {
        EmailReplyOutcome.ReplayedToken => new InboundOutcome.Replayed("This delivery's token was used before (a replay)."),
        EmailReplyOutcome.UnknownThread => new InboundOutcome.Undeliverable("The recipient address names no feedback thread."),
        EmailReplyOutcome.SenderNotAllowed => new InboundOutcome.Undeliverable("The sender is not a member who can comment on this attempt."),
        EmailReplyOutcome.EmptyBody => new InboundOutcome.Undeliverable("The reply has no text besides quotes and signature."),
        _ => InboundOutcome.Of(result),
    };

    private static string? AddressOf(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        return MailAddress.TryCreate(value.Trim(), out var address) ? address.Address : null;
    }
}
