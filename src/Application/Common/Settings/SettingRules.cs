using FluentValidation;

namespace VoiceTraining.Application.Common.Settings;

/// <summary>
/// Rules for settings validators. Each message starts with the setting as a user writes it (an
/// environment variable such as STRIPE_API_BASE_URL, or Section:Key such as Email:DailyCap), so a
/// refused start-up says which line of the configuration to fix.
/// </summary>
public static class SettingRules
{
    /// <summary>An absolute http:// or https:// URL.</summary>
    public static IRuleBuilderOptions<T, string?> HttpUrl<T>(this IRuleBuilder<T, string?> rule, string setting) =>
        rule.Must(value => value is null || IsHttpUrl(value))
            .WithMessage(setting + " must be an absolute http(s) URL, not '{PropertyValue}'.");

    /// <summary>An absolute http:// or https:// URL (a <see cref="Uri"/> the mapping may have kept relative).</summary>
    public static IRuleBuilderOptions<T, Uri?> HttpUrl<T>(this IRuleBuilder<T, Uri?> rule, string setting) =>
        rule.Must(value => value is null || IsHttpUrl(value.OriginalString))
            .WithMessage(setting + " must be an absolute http(s) URL, not '{PropertyValue}'.");

    /// <summary>An interval or period longer than zero.</summary>
    public static IRuleBuilderOptions<T, TimeSpan> Positive<T>(this IRuleBuilder<T, TimeSpan> rule, string setting) =>
        rule.GreaterThan(TimeSpan.Zero).WithMessage(setting + " must be longer than zero, not {PropertyValue}.");

    /// <summary>A period of zero or more.</summary>
    public static IRuleBuilderOptions<T, TimeSpan> NotNegative<T>(this IRuleBuilder<T, TimeSpan> rule, string setting) =>
        rule.GreaterThanOrEqualTo(TimeSpan.Zero).WithMessage(setting + " must not be negative, not {PropertyValue}.");

    public static IRuleBuilderOptions<T, int> AtLeast<T>(this IRuleBuilder<T, int> rule, int minimum, string setting) =>
        rule.GreaterThanOrEqualTo(minimum).WithMessage(setting + " must be at least " + minimum + ", not {PropertyValue}.");

    public static IRuleBuilderOptions<T, long> AtLeast<T>(this IRuleBuilder<T, long> rule, long minimum, string setting) =>
        rule.GreaterThanOrEqualTo(minimum).WithMessage(setting + " must be at least " + minimum + ", not {PropertyValue}.");

    /// <summary>Set to something other than blanks.</summary>
    public static IRuleBuilderOptions<T, string?> Required<T>(this IRuleBuilder<T, string?> rule, string setting) =>
        rule.Must(value => !string.IsNullOrWhiteSpace(value)).WithMessage(setting + " must be set.");

    public static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && !string.IsNullOrEmpty(uri.Host);
}
