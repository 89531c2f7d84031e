using VoiceTraining.Domain.Voice;

namespace VoiceTraining.Application.Voice.Providers;

public enum VoiceProviderFailure
{
    /// <summary>The provider cannot serve now (network error, timeout, 5xx, 429, a stalled stream, its circuit open): counts against its health.</summary>
    Unavailable,
    /// <summary>The provider cannot serve anyone with our credentials (401/403, quota spent): counts against its health.</summary>
    Unauthorized,
    /// <summary>The provider refused this request (400/404/422: an unknown voice, text too long): says nothing about its health.</summary>
    Rejected,
}

/// <summary>A provider failed a call; <see cref="Exception.Message"/> is safe to log and show admins (no keys, no content).</summary>
public sealed class VoiceProviderException(string provider, VoiceProviderKind kind, VoiceProviderFailure failure, string message, Exception? inner = null)
    : Exception($"{provider}: {message}", inner)
{
    public string Provider { get; } = provider;
    public VoiceProviderKind Kind { get; } = kind;
    public VoiceProviderFailure Failure { get; } = failure;

    /// <summary>What went wrong, without the provider's name in front.</summary>
    public string Detail { get; } = message;

    /// <summary>Whether this failure says the provider is unwell (and its circuit breaker counts it).</summary>
    public bool CountsAgainstHealth => Failure != VoiceProviderFailure.Rejected;
}
