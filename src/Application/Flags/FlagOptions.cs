namespace VoiceTraining.Application.Flags;

/// <summary>Who runs the platform, and where its alerts go.</summary>
public sealed class FlagOptions
{
    /// <summary>
    /// ADMIN_ALERT_EMAIL: the platform's address for admin alerts (flag changes, provider health),
    /// besides each organization's admins. Unset: only the organizations' admins are told.
    /// </summary>
    public string? AdminAlertEmail { get; set; }

    /// <summary>
    /// PLATFORM_OPERATOR_USER_IDS: identity-provider user ids (token subjects, comma-separated) of the
    /// platform's operators, who alone set global flags and the global voice settings.
    /// </summary>
    public IReadOnlyList<string> PlatformOperatorUserIds { get; set; } = [];
}
