using FluentValidation;
using VoiceTraining.Application.Common.Settings;

namespace VoiceTraining.Infrastructure.Voice.Sessions;

/// <summary>The voice session watchdog (section "VoiceSessions").</summary>
public sealed class VoiceSessionOptions
{
    /// <summary>
    /// How often active sessions are accrued and checked against their limits. A session passes a
    /// limit by at most this much (plus the engine's one-second poll) before it is ended.
    /// </summary>
    public TimeSpan WatchdogInterval { get; init; } = TimeSpan.FromSeconds(5);
}

public sealed class VoiceSessionOptionsValidator : AbstractValidator<VoiceSessionOptions>
{
    public VoiceSessionOptionsValidator()
    {
        RuleFor(o => o.WatchdogInterval).Positive("VoiceSessions:WatchdogInterval");
    }
}
