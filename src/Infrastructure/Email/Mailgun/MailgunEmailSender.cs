using System.Net;
using System.Text;
using System.Text.Json;
using VoiceTraining.Application.Common.Interfaces;

namespace VoiceTraining.Infrastructure.Email.Mailgun;

/// <summary>
/// Sends through Mailgun's <see cref="IMailgunApi"/>: user "api" with the API key as password, and a
/// form of from, to, subject, html, text, custom headers as h:Name fields (Reply-To, List-Unsubscribe,
/// List-Unsubscribe-Post), the template as o:tag and the outbox id as the custom variable v:message-id.
/// Mailgun takes no idempotency key: a retry after a lost answer may send twice, which the retry
/// pipeline keeps rare (it only retries failed requests).
/// </summary>
public sealed class MailgunEmailSender(IMailgunApi mailgun, EmailSettings settings) : IEmailSender
{
    public string Provider => "mailgun";

    public async Task<EmailSendResult> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        using var form = Form(settings.From, email);
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes("api:" + settings.MailgunApiKey));
        return await EmailHttp.SendAsync(() => mailgun.SendMessageAsync(settings.MailgunDomain!, form, credentials, cancellationToken),
            settings.AttemptTimeout, ReadId, ReadError, cancellationToken);
    }

    public static MultipartFormDataContent Form(string from, OutgoingEmail email)
    {
        var form = new MultipartFormDataContent();
        void Field(string name, string value) => form.Add(new StringContent(value, Encoding.UTF8), name);
        Field("from", from);
        Field("to", email.To);
        Field("subject", email.Subject);
        Field("html", email.Html);
        Field("text", email.Text);
        if (email.ReplyTo is not null) Field("h:Reply-To", email.ReplyTo);
        if (email.UnsubscribeUrl is not null)
        {
            Field("h:List-Unsubscribe", $"<{email.UnsubscribeUrl}>");
            Field("h:List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        Field("o:tag", email.Template);
        Field("v:message-id", email.MessageId.ToString("D"));
        return form;
    }

    /// <summary>{"id": "&lt;20251103…@domain&gt;", "message": "Queued. Thank you."}</summary>
    private static string? ReadId(JsonElement body) => body.TryGetProperty("id", out var id) ? id.GetString() : null;

    private static (string Message, bool QuotaExceeded) ReadError(HttpStatusCode status, JsonElement body)
    {
        var message = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("message", out var m) ? m.GetString() : null;
        return ($"Mailgun answered {(int)status}: {message ?? "(no message)"}", false);
    }
}
