namespace VoiceTraining.Application.Flags;

/// <summary>A flag as a member sees it: on or off, and why (<see cref="FlagEvaluation"/>).</summary>
public sealed record FlagDto(
    string Key,
    string Description,
    bool Enabled,
    bool SwitchOn,
    string DecidedBy,
    bool Entitled)
{
    public static FlagDto From(FlagEvaluation e) => new(e.Key, e.Description, e.Enabled, e.SwitchOn, e.DecidedBy, e.Entitled);
}

public sealed record MyFlagsDto(IReadOnlyList<FlagDto> Flags);
