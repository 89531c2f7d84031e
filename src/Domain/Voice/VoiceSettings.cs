using VoiceTraining.Domain.Common;

namespace VoiceTraining.Domain.Voice;

/// <summary>
/// What a voice session costs and when it is stopped (the spec's <c>voice_settings</c>): one row per
/// organization that has its own, and one global default row (<see cref="OrgId"/> null). Money is in
/// US dollars, as the usage records are.
/// </summary>
public sealed class VoiceSettings : Entity
{
    public Guid? OrgId { get; private set; }
    public decimal PricePerMinute { get; private set; }
    /// <summary>The running cost at which one session is ended (<c>cost_limit</c>).</summary>
    public decimal CircuitBreakerThreshold { get; private set; }
    /// <summary>The length at which one session is ended (<c>duration_limit</c>).</summary>
    public int MaxSessionMinutes { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    private VoiceSettings() { }

    public VoiceSettings(Guid? orgId, decimal pricePerMinute, decimal circuitBreakerThreshold, int maxSessionMinutes, DateTimeOffset now)
    {
        OrgId = orgId;
        Update(pricePerMinute, circuitBreakerThreshold, maxSessionMinutes, now);
    }

    public void Update(decimal pricePerMinute, decimal circuitBreakerThreshold, int maxSessionMinutes, DateTimeOffset now)
    {
        if (pricePerMinute < 0) throw new DomainException("The price per minute cannot be negative.");
        if (circuitBreakerThreshold <= 0) throw new DomainException("The circuit breaker threshold must be above zero.");
        if (maxSessionMinutes is < 1 or > 240) throw new DomainException("The longest session must be between 1 and 240 minutes.");
        PricePerMinute = pricePerMinute;
        CircuitBreakerThreshold = circuitBreakerThreshold;
        MaxSessionMinutes = maxSessionMinutes;
        UpdatedAt = now;
    }

    /// <summary>The longest a session can run before its cost passes the threshold, capped by <see cref="MaxSessionMinutes"/>.</summary>
    public int MaxDurationSeconds =>
        PricePerMinute <= 0
            ? MaxSessionMinutes * 60
            : (int)Math.Min(MaxSessionMinutes * 60m, Math.Floor(CircuitBreakerThreshold / PricePerMinute * 60m));
}
