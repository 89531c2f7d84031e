using VoiceTraining.Application.Billing.Plans;

namespace VoiceTraining.Application.Flags;

public static class FlagKeys
{
    /// <summary>The platform's own voice pipeline (voice sessions): SalesPulse §6's flag, bought as SIMs.</summary>
    public const string VoiceAiEnabled = "voice_ai_enabled";
}

/// <summary>What a member must hold, besides the switch, for a flag to be on.</summary>
public enum FlagEntitlement
{
    /// <summary>Nothing: the switch alone decides.</summary>
    None,
    /// <summary>An active voice AI SIM (user_voice_addons.voice_addon_active).</summary>
    VoiceSim,
    /// <summary>The organization's plan includes the feature of the same name.</summary>
    PlanFeature,
}

/// <summary>A flag the product knows: settings for any other key are refused.</summary>
public sealed record FlagDefinition(string Key, string Description, FlagEntitlement Entitlement, bool DefaultSwitch = true);

/// <summary>
/// Every flag. A flag is on for a member when its switch is on — the most specific setting
/// (user over organization over global), else <see cref="FlagDefinition.DefaultSwitch"/> — and the
/// member holds what <see cref="FlagDefinition.Entitlement"/> asks. A setting can therefore turn a
/// feature off, or back on, but never grant what the plan or a SIM was not paid for (ADR 0021).
/// </summary>
public static class FlagDefinitions
{
    public static readonly IReadOnlyList<FlagDefinition> All =
    [
        new(FlagKeys.VoiceAiEnabled, "Practice calls through the platform's own voice pipeline (needs a voice AI SIM).", FlagEntitlement.VoiceSim),
        .. PlanFeatures.All.Order(StringComparer.Ordinal).Select(feature =>
            new FlagDefinition(feature, $"The plan feature \"{feature.Replace('_', ' ')}\".", FlagEntitlement.PlanFeature)),
    ];

    private static readonly Dictionary<string, FlagDefinition> ByKey = All.ToDictionary(d => d.Key, StringComparer.Ordinal);

    public static FlagDefinition? Find(string key) => ByKey.GetValueOrDefault(key);
}
