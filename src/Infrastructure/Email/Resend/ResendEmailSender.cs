using System.Net;
using System.Text.Json;
using Refit;
using VoiceTraining.Application.Common.Interfaces;

namespace VoiceTraining.Infrastructure.Email.Resend;

/// <summary>
/// Sends through Resend's <see cref="IResendApi"/>: from, to, subject, html, text, reply_to, the
/// one-click unsubscribe headers and tags, with the outbox id as Idempotency-Key so a retried request
/// never sends twice. Rate limiting and quick retries happen in the client's handlers
/// (<see cref="RateLimitHandler"/>, <see cref="EmailResilience"/>).
/// </summary>
public sealed class ResendEmailSender(IResendApi resend, EmailSettings settings) : IEmailSender
{
    /// <summary>The client's settings: <see cref="ResendJson"/>, serialized up front so the body has a length and survives retries.</summary>
    public static RefitSettings RefitSettings { get; } = new(new SystemTextJsonContentSerializer(ResendJson.Default.Options))
    {
        RequestBodySerialization = RequestBodySerializationMode.Buffered,
    };

    public string Provider => "resend";

    public Task<EmailSendResult> SendAsync(OutgoingEmail email, CancellationToken cancellationToken) =>
        EmailHttp.SendAsync(
            () => resend.SendEmailAsync(Body(settings.From, email), settings.ResendApiKey!, email.MessageId.ToString("D"), cancellationToken),
            settings.AttemptTimeout, ReadId, ReadError, cancellationToken);

    public static ResendEmail Body(string from, OutgoingEmail email) => new(
        From: from,
        To: [email.To],
        Subject: email.Subject,
        Html: email.Html,
        Text: email.Text,
        ReplyTo: email.ReplyTo,
        Headers: email.UnsubscribeUrl is null ? null : new Dictionary<string, string>
        {
            ["List-Unsubscribe"] = $"<{email.UnsubscribeUrl}>",
            ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
        },
        Tags: [new("template", email.Template), new("message_id", email.MessageId.ToString("N"))]);

    private static string? ReadId(JsonElement body) => body.TryGetProperty("id", out var id) ? id.GetString() : null;

    /// <summary>Resend's errors: {"statusCode": 429, "name": "daily_quota_exceeded", "message": "…"}.</summary>
    private static (string Message, bool QuotaExceeded) ReadError(HttpStatusCode status, JsonElement body)
    {
        var name = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("name", out var n) ? n.GetString() : null;
        var message = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("message", out var m) ? m.GetString() : null;
        var quota = status == HttpStatusCode.TooManyRequests && name is "daily_quota_exceeded" or "monthly_quota_exceeded";
        return ($"Resend answered {(int)status}{(name is null ? "" : " " + name)}: {message ?? "(no message)"}", quota);
    }
}
