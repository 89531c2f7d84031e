using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using VoiceTraining.Application.Common.Interfaces;

namespace VoiceTraining.Infrastructure.Email.Resend;

/// <summary>
/// Resend's send-email call: POST {base}/emails with the API key as a bearer token, a JSON body
/// (from, to, subject, html, text, reply_to, headers, tags) and an Idempotency-Key (the outbox id),
/// so a retried request never sends twice. Rate limiting and quick retries happen in the client's
/// handlers (<see cref="RateLimitHandler"/>, <see cref="EmailResilience"/>).
/// </summary>
public sealed class ResendEmailSender(HttpClient http, EmailSettings settings) : IEmailSender
{
    public string Provider => "resend";

    public async Task<EmailSendResult> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "emails")
        {
            Content = new StringContent(Body(email).ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.ResendApiKey);
        request.Headers.Add("Idempotency-Key", email.MessageId.ToString("D"));
        return await EmailHttp.SendAsync(http, request, ReadId, ReadError, cancellationToken);
    }

    public JsonObject Body(OutgoingEmail email)
    {
        var body = new JsonObject
        {
            ["from"] = settings.From,
            ["to"] = new JsonArray(email.To),
            ["subject"] = email.Subject,
            ["html"] = email.Html,
            ["text"] = email.Text,
        };
        if (email.ReplyTo is not null) body["reply_to"] = email.ReplyTo;
        if (email.UnsubscribeUrl is not null)
        {
            body["headers"] = new JsonObject
            {
                ["List-Unsubscribe"] = $"<{email.UnsubscribeUrl}>",
                ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
            };
        }
        // Tag names and values: ASCII letters, numbers, underscores and dashes only.
        body["tags"] = new JsonArray(
            new JsonObject { ["name"] = "template", ["value"] = email.Template },
            new JsonObject { ["name"] = "message_id", ["value"] = email.MessageId.ToString("N") });
        return body;
    }

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
