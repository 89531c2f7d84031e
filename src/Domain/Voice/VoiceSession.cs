using VoiceTraining.Domain.Common;

namespace VoiceTraining.Domain.Voice;

public enum VoiceSessionStatus
{
    Active,
    Ended,
}

/// <summary>Why a voice session ended (the spec's <c>ended_reason</c>).</summary>
public static class VoiceSessionEndReasons
{
    /// <summary>The trainee (or their browser) ended it.</summary>
    public const string Completed = "completed";
    /// <summary>Its running cost passed the circuit breaker threshold.</summary>
    public const string CostLimit = "cost_limit";
    /// <summary>It ran longer than the longest session allowed.</summary>
    public const string DurationLimit = "duration_limit";
    /// <summary>Nothing came from the trainee for too long.</summary>
    public const string Idle = "idle";
    /// <summary>A provider failed and no fallback could carry on.</summary>
    public const string ProviderFailed = "provider_failed";
    /// <summary>The member started another session, which takes this one's place (one runs at a time).</summary>
    public const string Replaced = "replaced";
}

/// <summary>Which part of the pipeline a provider serves.</summary>
public enum VoiceProviderKind
{
    SpeechToText,
    TextToSpeech,
    Llm,
}

/// <summary>A switch from one provider to another during a session, kept on the session.</summary>
public sealed record ProviderSwitch
{
    public DateTimeOffset At { get; init; }
    public VoiceProviderKind Kind { get; init; }
    public string From { get; init; } = "";
    public string To { get; init; } = "";
    public string Reason { get; init; } = "";
}

/// <summary>The switches of one session, stored whole as one jsonb value.</summary>
public sealed class ProviderSwitchLog
{
    public List<ProviderSwitch> Switches { get; init; } = [];
}

/// <summary>
/// A practice call the platform runs itself (the spec's <c>voice_sessions</c>): the member, the
/// scenario and its attempt, the price and limits it started with, its running cost, and why it ended.
/// </summary>
public sealed class VoiceSession : TenantEntity
{
    public Guid MemberId { get; private set; }
    public Guid ScenarioId { get; private set; }
    public Guid AttemptId { get; private set; }
    /// <summary>The pipeline that carries the call (<c>platform</c>).</summary>
    public string Provider { get; private set; } = "";
    public VoiceSessionStatus Status { get; private set; }
    public DateTimeOffset StartedAt { get; private set; }
    public DateTimeOffset? EndedAt { get; private set; }
    public DateTimeOffset LastActivityAt { get; private set; }
    public int ExpectedDurationMinutes { get; private set; }
    public decimal PricePerMinute { get; private set; }
    public decimal CostEstimate { get; private set; }
    public decimal RunningCost { get; private set; }
    public decimal CircuitBreakerThreshold { get; private set; }
    public int MaxSessionMinutes { get; private set; }
    public string? EndReason { get; private set; }
    /// <summary>SHA-256 of the session token given to the browser for the audio channel.</summary>
    public string TokenHash { get; private set; } = "";
    public DateTimeOffset TokenExpiresAt { get; private set; }
    public string SpeechToTextProvider { get; private set; } = "";
    public string TextToSpeechProvider { get; private set; } = "";
    public string LlmProvider { get; private set; } = "";
    public ProviderSwitchLog ProviderSwitches { get; private set; } = new();

    private VoiceSession() { }

    public VoiceSession(Guid orgId, Guid memberId, Guid scenarioId, Guid attemptId, string provider, int expectedDurationMinutes,
        VoiceSettings settings, string tokenHash, DateTimeOffset tokenExpiresAt,
        string speechToText, string textToSpeech, string llm, DateTimeOffset now)
        : base(orgId, now)
    {
        if (expectedDurationMinutes < 1) throw new DomainException("A session is expected to last at least a minute.");
        MemberId = memberId;
        ScenarioId = scenarioId;
        AttemptId = attemptId;
        Provider = provider;
        Status = VoiceSessionStatus.Active;
        StartedAt = now;
        LastActivityAt = now;
        ExpectedDurationMinutes = expectedDurationMinutes;
        PricePerMinute = settings.PricePerMinute;
        CircuitBreakerThreshold = settings.CircuitBreakerThreshold;
        MaxSessionMinutes = settings.MaxSessionMinutes;
        CostEstimate = Math.Round(expectedDurationMinutes * settings.PricePerMinute, 4, MidpointRounding.AwayFromZero);
        TokenHash = tokenHash;
        TokenExpiresAt = tokenExpiresAt;
        SpeechToTextProvider = speechToText;
        TextToSpeechProvider = textToSpeech;
        LlmProvider = llm;
    }

    public bool IsActive => Status == VoiceSessionStatus.Active;

    /// <summary>How long the session has run (until it ended, or until <paramref name="now"/>).</summary>
    public TimeSpan Elapsed(DateTimeOffset now) => ((EndedAt ?? now) - StartedAt) is { Ticks: > 0 } t ? t : TimeSpan.Zero;

    /// <summary>The measured length in whole seconds, rounded up: what the usage record and the attempt are given.</summary>
    public int DurationSeconds(DateTimeOffset now) => (int)Math.Ceiling(Elapsed(now).TotalSeconds);

    /// <summary>The cost of <paramref name="elapsed"/> at the session's price, to the cent's hundredth.</summary>
    public decimal CostOf(TimeSpan elapsed) =>
        Math.Round((decimal)elapsed.TotalSeconds / 60m * PricePerMinute, 4, MidpointRounding.AwayFromZero);

    /// <summary>Brings the running cost up to <paramref name="now"/>.</summary>
    public void Accrue(DateTimeOffset now)
    {
        if (!IsActive) return;
        RunningCost = CostOf(Elapsed(now));
        Touch(now);
    }

    /// <summary>The limit the session has passed at <paramref name="now"/>, if any: cost first, then length.</summary>
    public string? LimitPassed(DateTimeOffset now)
    {
        if (!IsActive) return null;
        if (CostOf(Elapsed(now)) >= CircuitBreakerThreshold) return VoiceSessionEndReasons.CostLimit;
        if (Elapsed(now) >= TimeSpan.FromMinutes(MaxSessionMinutes)) return VoiceSessionEndReasons.DurationLimit;
        return null;
    }

    /// <summary>Something came from the trainee.</summary>
    public void RecordActivity(DateTimeOffset now)
    {
        if (IsActive && now > LastActivityAt) LastActivityAt = now;
    }

    /// <summary>Ends the session with its final cost; false when it had already ended (ending is idempotent).</summary>
    public bool End(string reason, DateTimeOffset now)
    {
        if (!IsActive) return false;
        Status = VoiceSessionStatus.Ended;
        EndedAt = now;
        EndReason = reason;
        RunningCost = CostOf(Elapsed(now));
        Touch(now);
        return true;
    }

    /// <summary>Records that <paramref name="kind"/> moved to <paramref name="to"/> (failover or recovery).</summary>
    public void SwitchProvider(VoiceProviderKind kind, string to, string reason, DateTimeOffset now)
    {
        var from = kind switch
        {
            VoiceProviderKind.SpeechToText => SpeechToTextProvider,
            VoiceProviderKind.TextToSpeech => TextToSpeechProvider,
            _ => LlmProvider,
        };
        if (from == to) return;
        switch (kind)
        {
            case VoiceProviderKind.SpeechToText: SpeechToTextProvider = to; break;
            case VoiceProviderKind.TextToSpeech: TextToSpeechProvider = to; break;
            default: LlmProvider = to; break;
        }
        ProviderSwitches = new ProviderSwitchLog
        {
            Switches = [.. ProviderSwitches.Switches, new ProviderSwitch { At = now, Kind = kind, From = from, To = to, Reason = reason }],
        };
        Touch(now);
    }
}
