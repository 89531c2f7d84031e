namespace VoiceTraining.Application.Common.Interfaces;

/// <summary>A newly generated endpoint secret: the value (shown to admins) and its protected form (stored).</summary>
public sealed record GeneratedWebhookSecret(string Secret, string Protected, string Hint);

/// <summary>Makes and protects webhook signing secrets (encrypted at rest; never logged).</summary>
public interface IWebhookSecrets
{
    GeneratedWebhookSecret Generate();

    /// <summary>The secret; a ConflictException (409) when it can no longer be decrypted (rotating it makes a new one).</summary>
    string Unprotect(string protectedSecret);

    /// <summary>The secret, or null when it can no longer be decrypted (its key ring was lost or replaced).</summary>
    string? TryUnprotect(string protectedSecret);
}

/// <summary>Whether a URL may receive webhooks (scheme, and no private or internal address: the SSRF guard).</summary>
public interface IWebhookUrlPolicy
{
    /// <summary>Null when allowed; otherwise the reason, for a 400.</summary>
    Task<string?> WhyRefusedAsync(string url, CancellationToken cancellationToken);
}

/// <summary>The result of one immediate send (the "send test" button).</summary>
public sealed record WebhookSendOutcome(bool Succeeded, int? StatusCode, int DurationMs, string? Error, string? ResponseBody, Guid AttemptId);

/// <summary>The outbound delivery machinery, as use cases need it.</summary>
public interface IWebhookDispatcher
{
    /// <summary>Wakes the background dispatcher (new deliveries are due).</summary>
    void Notify();

    /// <summary>Makes the delivery's next attempt now, in this request, and records it in the log.</summary>
    Task<WebhookSendOutcome> SendNowAsync(Guid deliveryId, CancellationToken cancellationToken);
}

/// <summary>Where links in outgoing messages point (the web app and API's public origin).</summary>
public interface IPublicUrls
{
    /// <summary>The public origin without a trailing slash, e.g. https://app.example.com.</summary>
    string BaseUrl { get; }
}
