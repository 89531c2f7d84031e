namespace VoiceTraining.Api.ProviderWebhooks;

/// <summary>
/// What happened to a provider's webhook delivery: applied, duplicate, ignored, stale (older than the
/// state already applied), deferred (kept until what it names arrives), unknown_call, or added (a reply
/// that became a comment).
/// </summary>
public sealed record WebhookReceipt(string Type, string Outcome);
