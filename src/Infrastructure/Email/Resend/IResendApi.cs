using System.Text.Json.Serialization;
using Refit;

namespace VoiceTraining.Infrastructure.Email.Resend;

/// <summary>Resend's REST API, as far as the product uses it (https://resend.com/docs/api-reference/emails/send-email).</summary>
public interface IResendApi
{
    /// <summary>
    /// POST /emails with the API key as a bearer token. The answer comes back whatever its status, for
    /// <see cref="EmailHttp"/> to map. The Idempotency-Key (the outbox id) makes a retried request send once.
    /// </summary>
    [Post("/emails")]
    Task<HttpResponseMessage> SendEmailAsync([Body] ResendEmail email, [Authorize("Bearer")] string apiKey,
        [Header("Idempotency-Key")] string idempotencyKey, CancellationToken cancellationToken);
}

/// <summary>The send-email body; its fields are snake_case on the wire (reply_to), and absent ones are left out.</summary>
public sealed record ResendEmail(
    string From,
    IReadOnlyList<string> To,
    string Subject,
    string Html,
    string Text,
    string? ReplyTo,
    IReadOnlyDictionary<string, string>? Headers,
    IReadOnlyList<ResendTag> Tags);

/// <summary>A tag: name and value of ASCII letters, numbers, underscores and dashes only.</summary>
public sealed record ResendTag(string Name, string Value);

/// <summary>The JSON of <see cref="IResendApi"/>, generated at build time.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ResendEmail))]
public sealed partial class ResendJson : JsonSerializerContext;
