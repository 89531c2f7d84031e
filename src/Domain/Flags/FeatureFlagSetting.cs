using VoiceTraining.Domain.Common;

namespace VoiceTraining.Domain.Flags;

/// <summary>Where a flag setting applies. The most specific setting wins: user over organization over global.</summary>
public enum FlagScope
{
    Global,
    Organization,
    User,
}

/// <summary>
/// One explicit value of a feature flag at one scope: for everyone (global, set by a platform
/// operator), for one organization, or for one member. A flag without a setting at any scope takes
/// its definition's default. Not tenant-owned: global settings belong to no organization.
/// </summary>
public sealed class FeatureFlagSetting : Entity
{
    public string Key { get; private set; } = "";
    public FlagScope Scope { get; private set; }
    /// <summary>Null for a global setting.</summary>
    public Guid? OrgId { get; private set; }
    /// <summary>Set for a user setting only.</summary>
    public Guid? MemberId { get; private set; }
    public bool Enabled { get; private set; }
    /// <summary>Who set it: a member id, or a system actor such as <c>billing</c>.</summary>
    public string SetBy { get; private set; } = "";
    /// <summary>What set it (<see cref="FlagChangeSources"/>): an admin, a platform operator, billing.</summary>
    public string Source { get; private set; } = "";
    public DateTimeOffset UpdatedAt { get; private set; }

    private FeatureFlagSetting() { }

    public FeatureFlagSetting(string key, FlagScope scope, Guid? orgId, Guid? memberId, bool enabled, string setBy, string source, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(key)) throw new DomainException("A flag setting needs a key.");
        switch (scope)
        {
            case FlagScope.Global when orgId is not null || memberId is not null:
                throw new DomainException("A global flag setting names no organization or member.");
            case FlagScope.Organization when orgId is null || memberId is not null:
                throw new DomainException("An organization flag setting names its organization and no member.");
            case FlagScope.User when orgId is null || memberId is null:
                throw new DomainException("A user flag setting names the member and their organization.");
        }
        Key = key;
        Scope = scope;
        OrgId = orgId;
        MemberId = memberId;
        Set(enabled, setBy, source, now);
    }

    public void Set(bool enabled, string setBy, string source, DateTimeOffset now)
    {
        Enabled = enabled;
        SetBy = setBy;
        Source = source;
        UpdatedAt = now;
    }
}

/// <summary>What made a flag change.</summary>
public static class FlagChangeSources
{
    public const string Admin = "admin";
    public const string Operator = "operator";
    public const string Billing = "billing";
}

/// <summary>The audit trail of flag settings: who changed what, where, when, from what to what. Never edited.</summary>
public sealed class FeatureFlagChange : Entity
{
    public string Key { get; private set; } = "";
    public FlagScope Scope { get; private set; }
    public Guid? OrgId { get; private set; }
    public Guid? MemberId { get; private set; }
    /// <summary>The setting before (null: there was none at this scope).</summary>
    public bool? OldValue { get; private set; }
    /// <summary>The setting after (null: cleared).</summary>
    public bool? NewValue { get; private set; }
    public string ChangedBy { get; private set; } = "";
    public string ChangedByName { get; private set; } = "";
    public string Source { get; private set; } = "";
    public string? Reason { get; private set; }
    public DateTimeOffset ChangedAt { get; private set; }

    private FeatureFlagChange() { }

    public FeatureFlagChange(string key, FlagScope scope, Guid? orgId, Guid? memberId, bool? oldValue, bool? newValue,
        string changedBy, string changedByName, string source, string? reason, DateTimeOffset now)
    {
        Key = key;
        Scope = scope;
        OrgId = orgId;
        MemberId = memberId;
        OldValue = oldValue;
        NewValue = newValue;
        ChangedBy = changedBy;
        ChangedByName = changedByName;
        Source = source;
        Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        ChangedAt = now;
    }
}
