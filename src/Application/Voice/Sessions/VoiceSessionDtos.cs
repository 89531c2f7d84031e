using VoiceTraining.Domain.Voice;

namespace VoiceTraining.Application.Voice.Sessions;

/// <summary>One STUN or TURN server, in the shape of WebRTC's <c>RTCIceServer</c>.</summary>
public sealed record IceServerDto
{
    /// <summary><c>stun:…</c>, <c>turn:…</c> or <c>turns:…</c> URLs.</summary>
    public IReadOnlyList<string> Urls { get; init; } = [];
    /// <summary>TURN only: <c>{unix expiry}:{sessionId}</c> (the TURN REST form).</summary>
    public string? Username { get; init; }
    /// <summary>TURN only: base64(HMAC-SHA1(shared secret, username)).</summary>
    public string? Credential { get; init; }
}

/// <summary>The speech-to-text, text-to-speech and LLM providers a session runs on.</summary>
public sealed record VoiceSessionProvidersDto
{
    public string SpeechToText { get; init; } = "";
    public string TextToSpeech { get; init; } = "";
    public string Llm { get; init; } = "";
}

/// <summary>A started voice session: its ids, the token for the audio channel, its price and limits, and the ICE servers.</summary>
public sealed record VoiceSessionStartedDto
{
    public Guid SessionId { get; init; }
    /// <summary>The attempt the session records into (read it with GET /api/attempts/{id}).</summary>
    public Guid AttemptId { get; init; }
    /// <summary>Presented on the audio channel; shown once, only its hash is kept.</summary>
    public string SessionToken { get; init; } = "";
    public DateTimeOffset TokenExpiresAt { get; init; }
    public int ExpectedDurationMinutes { get; init; }
    /// <summary>expectedDurationMinutes × pricePerMinute, in US dollars.</summary>
    public decimal CostEstimate { get; init; }
    public decimal PricePerMinute { get; init; }
    /// <summary>The running cost at which the session is ended (ended reason <c>cost_limit</c>).</summary>
    public decimal CircuitBreakerThreshold { get; init; }
    /// <summary>The length at which the session is ended (ended reason <c>duration_limit</c>).</summary>
    public int MaxSessionMinutes { get; init; }
    /// <summary>The longest the session can run before either limit ends it.</summary>
    public int MaxDurationSeconds { get; init; }
    public IReadOnlyList<IceServerDto> IceServers { get; init; } = [];
    /// <summary>True when no TURN server is configured: the browser gets STUN only, if that (see <c>note</c>).</summary>
    public bool LocalMode { get; init; }
    /// <summary>What local mode means for this session, when in local mode.</summary>
    public string? Note { get; init; }
    public VoiceSessionProvidersDto Providers { get; init; } = new();
}

/// <summary>How a voice session ended. Asking again answers the same.</summary>
public sealed record VoiceSessionEndedDto
{
    public Guid SessionId { get; init; }
    public Guid AttemptId { get; init; }
    public VoiceSessionStatus Status { get; init; }
    /// <summary><c>completed</c>, <c>cost_limit</c>, <c>duration_limit</c>, <c>replaced</c> …</summary>
    public string? EndedReason { get; init; }
    /// <summary>The measured length, whole seconds rounded up.</summary>
    public int DurationSeconds { get; init; }
    /// <summary>The final cost of the measured length at the session's price, in US dollars.</summary>
    public decimal Cost { get; init; }
}

/// <summary>A voice session as the usage report shows it.</summary>
public sealed record VoiceSessionDto
{
    public Guid Id { get; init; }
    public Guid MemberId { get; init; }
    public string MemberName { get; init; } = "";
    public Guid ScenarioId { get; init; }
    public string ScenarioTitle { get; init; } = "";
    public Guid AttemptId { get; init; }
    /// <summary>The pipeline that carries the call (<c>platform</c>).</summary>
    public string Provider { get; init; } = "";
    public VoiceSessionStatus Status { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public int ExpectedDurationMinutes { get; init; }
    public decimal PricePerMinute { get; init; }
    public decimal CostEstimate { get; init; }
    /// <summary>While active, the cost accrued at the watchdog's last pass; once ended, the final cost.</summary>
    public decimal RunningCost { get; init; }
    public decimal CircuitBreakerThreshold { get; init; }
    public int MaxSessionMinutes { get; init; }
    public string? EndReason { get; init; }
    public VoiceSessionProvidersDto Providers { get; init; } = new();
    /// <summary>Provider switches during the session (failover or recovery), oldest first.</summary>
    public IReadOnlyList<ProviderSwitchDto> ProviderSwitches { get; init; } = [];
}

/// <summary>A provider a session moved away from, and why.</summary>
public sealed record ProviderSwitchDto
{
    public DateTimeOffset At { get; init; }
    public VoiceProviderKind Kind { get; init; }
    public string From { get; init; } = "";
    public string To { get; init; } = "";
    public string Reason { get; init; } = "";
}

/// <summary>The voice settings that apply to the organization.</summary>
public sealed record VoiceSettingsDto
{
    public decimal PricePerMinute { get; init; }
    public decimal CircuitBreakerThreshold { get; init; }
    public int MaxSessionMinutes { get; init; }
    /// <summary>The longest a session or Vapi call can run before the threshold or the length ends it.</summary>
    public int MaxDurationSeconds { get; init; }
    /// <summary><c>organization</c>: the organization's own row; <c>global</c>: the platform's default.</summary>
    public VoiceSettingsSource Source { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    public static VoiceSettingsDto From(VoiceSettings settings, VoiceSettingsSource source) => new()
    {
        PricePerMinute = settings.PricePerMinute,
        CircuitBreakerThreshold = settings.CircuitBreakerThreshold,
        MaxSessionMinutes = settings.MaxSessionMinutes,
        MaxDurationSeconds = settings.MaxDurationSeconds,
        Source = source,
        UpdatedAt = settings.UpdatedAt,
    };
}

public enum VoiceSettingsSource
{
    Organization,
    Global,
}
