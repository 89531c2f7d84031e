using VoiceTraining.Domain.Flags;

namespace VoiceTraining.Application.Flags;

/// <summary>
/// A flag's value for one member, and why: <paramref name="SwitchOn"/> is the switch after the
/// scopes were applied, <paramref name="DecidedBy"/> where it came from (default, global,
/// organization or user), <paramref name="Entitled"/> whether the member holds what the flag needs
/// (a SIM, the plan's feature).
/// </summary>
public sealed record FlagEvaluation(
    string Key,
    string Description,
    bool Enabled,
    bool SwitchOn,
    string DecidedBy,
    bool Entitled,
    bool? GlobalValue,
    bool? OrganizationValue,
    bool? UserValue);

/// <summary>The one answer to "may this member use X" (ADR 0021).</summary>
public interface IFeatureFlags
{
    Task<bool> IsEnabledAsync(Guid orgId, Guid memberId, string key, CancellationToken cancellationToken);

    /// <summary>Throws a 403 problem naming the flag and why it is off.</summary>
    Task EnsureEnabledAsync(Guid orgId, Guid memberId, string key, CancellationToken cancellationToken);

    /// <summary>For organization-wide features (webhooks, API access): the organization's switch and its plan.</summary>
    Task<bool> IsEnabledForOrganizationAsync(Guid orgId, string key, CancellationToken cancellationToken);

    Task<FlagEvaluation> EvaluateAsync(Guid orgId, Guid? memberId, string key, CancellationToken cancellationToken);

    Task<IReadOnlyList<FlagEvaluation>> EvaluateAllAsync(Guid orgId, Guid? memberId, CancellationToken cancellationToken);
}

/// <summary>One setting change: <see cref="Value"/> null clears the setting at that scope.</summary>
public sealed record FlagChange(
    string Key, FlagScope Scope, Guid? OrgId, Guid? MemberId, bool? Value,
    string ActorId, string ActorName, string Source, string? Reason = null)
{
    /// <summary>
    /// Whose the setting is once written, when that is not the actor's: a setting put back as it
    /// was (billing restoring an admin's after a pause) stays the admin's, while the audit row says
    /// billing did it.
    /// </summary>
    public FlagSettingOwner? Owner { get; init; }
}

/// <summary>Who a setting belongs to: <see cref="FeatureFlagSetting.SetBy"/> and <see cref="FeatureFlagSetting.Source"/>.</summary>
public sealed record FlagSettingOwner(string SetBy, string Source);
