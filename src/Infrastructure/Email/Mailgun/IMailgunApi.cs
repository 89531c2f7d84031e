using Refit;

namespace VoiceTraining.Infrastructure.Email.Mailgun;

/// <summary>Mailgun's REST API, as far as the product uses it (https://documentation.mailgun.com/docs/mailgun/api-reference/send/mailgun/messages).</summary>
public interface IMailgunApi
{
    /// <summary>
    /// POST /v3/{domain}/messages with HTTP basic auth (the base64 of "api:KEY") and a multipart/form-data
    /// message. The answer comes back whatever its status, for <see cref="EmailHttp"/> to map.
    /// </summary>
    [Post("/v3/{domain}/messages")]
    Task<HttpResponseMessage> SendMessageAsync(string domain, [Body] MultipartFormDataContent message, [Authorize("Basic")] string credentials,
        CancellationToken cancellationToken);
}
