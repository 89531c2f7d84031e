using VoiceTraining.Domain.Common;

namespace VoiceTraining.Domain.Usage;

/// <summary>Voice minutes one attempt used, for billing and usage reports.</summary>
public sealed class VoiceUsageRecord : TenantEntity
{
    public Guid MemberId { get; private set; }
    public Guid AttemptId { get; private set; }
    public string Provider { get; private set; } = "";
    public int Seconds { get; private set; }
    /// <summary>Billable minutes: seconds / 60, rounded up to the next tenth.</summary>
    public decimal Minutes { get; private set; }
    public decimal PricePerMinuteUsd { get; private set; }
    public decimal CostUsd { get; private set; }
    /// <summary>The platform voice session the minutes were used in; null for a Vapi call.</summary>
    public Guid? VoiceSessionId { get; private set; }
    /// <summary>Why the call ended, when the platform ended it (<c>cost_limit</c>, …).</summary>
    public string? EndReason { get; private set; }

    private VoiceUsageRecord() { }

    public VoiceUsageRecord(Guid orgId, Guid memberId, Guid attemptId, string provider, int seconds, decimal pricePerMinuteUsd, DateTimeOffset now)
        : base(orgId, now)
    {
        if (seconds < 0) throw new DomainException("Usage cannot be negative.");
        MemberId = memberId;
        AttemptId = attemptId;
        Provider = provider;
        Seconds = seconds;
        Minutes = Math.Ceiling(seconds / 6m) / 10m;
        PricePerMinuteUsd = pricePerMinuteUsd;
        CostUsd = Math.Round(Minutes * pricePerMinuteUsd, 4, MidpointRounding.AwayFromZero);
    }

    /// <summary>The usage of an ended platform voice session.</summary>
    public static VoiceUsageRecord ForSession(Voice.VoiceSession session, DateTimeOffset now)
    {
        return new VoiceUsageRecord(session.OrgId, session.MemberId, session.AttemptId, session.Provider, session.DurationSeconds(now), session.PricePerMinute, now)
        {
            VoiceSessionId = session.Id,
            EndReason = session.EndReason,
        };
    }
}
