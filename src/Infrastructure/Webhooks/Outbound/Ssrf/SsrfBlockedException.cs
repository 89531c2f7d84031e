namespace VoiceTraining.Infrastructure.Webhooks.Outbound.Ssrf;

/// <summary>
/// Thrown by the guarded connect callback when a webhook host is not allowed. HttpClient wraps it:
/// callers find it as the InnerException of the HttpRequestException that SendAsync throws.
/// </summary>
public sealed class SsrfBlockedException(string reason, bool unresolved = false) : HttpRequestException(reason)
{
    public string Reason { get; } = reason;

    /// <summary>The host did not resolve: a network failure worth retrying, not a forbidden target.</summary>
    public bool Unresolved { get; } = unresolved;
}
