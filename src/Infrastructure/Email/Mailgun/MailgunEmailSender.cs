using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using VoiceTraining.Application.Common.Interfaces;

namespace VoiceTraining.Infrastructure.Email.Mailgun;

/// <summary>
/// Mailgun's send call: POST {base}/v3/{domain}/messages with HTTP basic auth (user "api", the API
/// key as password) and a multipart/form-data body: from, to, subject, html, text, custom headers as
/// h:Name fields (Reply-To, List-Unsubscribe, List-Unsubscribe-Post), the template as o:tag and the
/// outbox id as the custom variable v:message-id. Mailgun takes no idempotency key: a retry after a
/// lost answer may send twice, which the retry pipeline keeps rare (it only retries failed requests).
/// </summary>
public sealed class MailgunEmailSender(HttpClient http, EmailSettings settings) : IEmailSender
{
    public string Provider => "mailgun";

    public async Task<EmailSendResult> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"v3/{Uri.EscapeDataString(settings.MailgunDomain!)}/messages") { Content = Form(email) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes("api:" + settings.MailgunApiKey)));
        return await EmailHttp.SendAsync(http, request, ReadId, ReadError, cancellationToken);
    }

    public MultipartFormDataContent Form(OutgoingEmail email)
    {
        var form = new MultipartFormDataContent();
        void Field(string name, string value) => form.Add(new StringContent(value, Encoding.UTF8), name);
        Field("from", settings.From);
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
