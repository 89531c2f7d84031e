namespace VoiceTraining.Domain.Voice;

public enum VoiceProviderStatus
{
    Healthy,
    Unhealthy,
}

/// <summary>A provider went from one status to another: what the log line and the admin alert say.</summary>
public sealed record VoiceProviderStatusChange(
    string Provider, VoiceProviderKind Kind, VoiceProviderStatus From, VoiceProviderStatus To, string Reason, DateTimeOffset At);

/// <summary>
/// What the installation knows about one speech provider (table voice_provider_health), shared by
/// every instance: the periodic health check's results and the live calls' failures. A provider is
/// unhealthy while its health check has failed <c>unhealthyAfter</c> times in a row, or while live
/// calls are held off after its circuit breaker opened; the router then sends new work to the
/// fallback. Each status change is returned once, to the caller that caused it, for the log and the alert.
/// </summary>
public sealed class VoiceProviderHealth
{
    public const int MaxProvider = 32;
    public const int MaxText = 500;

    /// <summary>The adapter's name ("openai", "elevenlabs" …); the key.</summary>
    public string Provider { get; private set; } = "";
    public VoiceProviderKind Kind { get; private set; }
    public VoiceProviderStatus Status { get; private set; }
    public string StatusReason { get; private set; } = "";
    public DateTimeOffset StatusChangedAt { get; private set; }
    public DateTimeOffset? LastCheckedAt { get; private set; }
    public bool? LastCheckSucceeded { get; private set; }
    public int ConsecutiveCheckFailures { get; private set; }
    /// <summary>The latest failure, of a health check or of a live call.</summary>
    public string? LastError { get; private set; }
    public DateTimeOffset? LastErrorAt { get; private set; }
    /// <summary>Live calls are held off until then (a circuit breaker opened); null when none is.</summary>
    public DateTimeOffset? LiveHoldUntil { get; private set; }

    private VoiceProviderHealth() { }

    public VoiceProviderHealth(string provider, VoiceProviderKind kind, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(provider)) throw new Common.DomainException("A provider needs a name.");
        Provider = provider.Trim();
        Kind = kind;
        Status = VoiceProviderStatus.Healthy;
        StatusReason = "not checked yet";
        StatusChangedAt = now;
    }

    public bool IsHealthy => Status == VoiceProviderStatus.Healthy;

    /// <summary>The outcome of a health check; the change of status it caused, if any.</summary>
    public VoiceProviderStatusChange? RecordCheck(bool succeeded, string? error, int unhealthyAfter, DateTimeOffset now)
    {
        LastCheckedAt = now;
        LastCheckSucceeded = succeeded;
        if (succeeded)
        {
            ConsecutiveCheckFailures = 0;
            return Evaluate(unhealthyAfter, now, "the health check passes again");
        }
        ConsecutiveCheckFailures++;
        Failed(error, now);
        return Evaluate(unhealthyAfter, now, $"the health check failed {ConsecutiveCheckFailures} time(s) in a row: {LastError}");
    }

    /// <summary>Live calls failed until a circuit breaker opened: held off for <paramref name="holdFor"/>.</summary>
    public VoiceProviderStatusChange? RecordLiveFailure(string error, TimeSpan holdFor, int unhealthyAfter, DateTimeOffset now)
    {
        Failed(error, now);
        var until = now + holdFor;
        if (LiveHoldUntil is null || until > LiveHoldUntil) LiveHoldUntil = until;
        return Evaluate(unhealthyAfter, now, $"live calls are failing: {LastError}");
    }

    /// <summary>A live call succeeded after a circuit breaker had opened.</summary>
    public VoiceProviderStatusChange? RecordLiveRecovery(int unhealthyAfter, DateTimeOffset now)
    {
        LiveHoldUntil = null;
        return Evaluate(unhealthyAfter, now, "live calls succeed again");
    }

    private void Failed(string? error, DateTimeOffset now)
    {
        var text = string.IsNullOrWhiteSpace(error) ? "unknown error" : error.Trim();
        LastError = text.Length > MaxText ? text[..MaxText] : text;
        LastErrorAt = now;
    }

    private VoiceProviderStatusChange? Evaluate(int unhealthyAfter, DateTimeOffset now, string reason)
    {
        var unhealthy = ConsecutiveCheckFailures >= Math.Max(1, unhealthyAfter) || LiveHoldUntil > now;
        var status = unhealthy ? VoiceProviderStatus.Unhealthy : VoiceProviderStatus.Healthy;
        if (status == Status) return null;
        var change = new VoiceProviderStatusChange(Provider, Kind, Status, status, reason.Length > MaxText ? reason[..MaxText] : reason, now);
        Status = status;
        StatusReason = change.Reason;
        StatusChangedAt = now;
        return change;
    }
}
