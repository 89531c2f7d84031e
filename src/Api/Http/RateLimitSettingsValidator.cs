using FluentValidation;
using VoiceTraining.Application.Common.Settings;

namespace VoiceTraining.Api.Http;

/// <summary>Checked at start: a token bucket needs at least one token and one back per second.</summary>
public sealed class RateLimitSettingsValidator : AbstractValidator<RateLimitSettings>
{
    public RateLimitSettingsValidator()
    {
        RuleFor(s => s.IpBurst).AtLeast(1, "RateLimiting:IpBurst");
        RuleFor(s => s.IpPerSecond).AtLeast(1, "RateLimiting:IpPerSecond");
        RuleFor(s => s.ApiKeyBurst).AtLeast(1, "RateLimiting:ApiKeyBurst");
        RuleFor(s => s.ApiKeyPerSecond).AtLeast(1, "RateLimiting:ApiKeyPerSecond");
    }
}
