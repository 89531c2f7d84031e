using FluentValidation;
using VoiceTraining.Application.Common.Settings;

namespace VoiceTraining.Api.Authentication;

/// <summary>Checked at start: the issuers and key URLs tokens are checked against, and the Clerk publishable key's shape.</summary>
public sealed class IdentitySettingsValidator : AbstractValidator<IdentitySettings>
{
    public IdentitySettingsValidator()
    {
        // Today's sign-in derives the issuer from the key; a key that does not decode would quietly leave Clerk off.
        RuleFor(s => s.ClerkPublishableKey)
            .Must(key => key is null || IdentitySettings.IssuerFromPublishableKey(key) is not null)
            .WithMessage("NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY must be a Clerk publishable key (pk_test_… or pk_live_… with the encoded Frontend API host).");
        RuleFor(s => s.ClerkIssuer).HttpUrl("CLERK_ISSUER");
        RuleFor(s => s.ClerkJwksUrl).HttpUrl("CLERK_JWKS_URL");
        RuleForEach(s => s.AuthorizedParties).Must(SettingRules.IsHttpUrl)
            .WithMessage("CLERK_AUTHORIZED_PARTIES must list origins such as https://app.example.com, not '{PropertyValue}'.");
        RuleFor(s => s.SupabaseIssuer).Must(issuer => issuer is null || SettingRules.IsHttpUrl(issuer))
            .WithMessage("SUPABASE_URL must be the project's absolute http(s) URL, e.g. https://abcdefgh.supabase.co.");
        // HS256 tokens are checked with the secret's UTF-8 bytes, and Microsoft.IdentityModel refuses HS256 keys under 256 bits.
        RuleFor(s => s.SupabaseJwtSecret).Must(secret => secret is null || System.Text.Encoding.UTF8.GetByteCount(secret) >= 32)
            .WithMessage("SUPABASE_JWT_SECRET must be at least 32 bytes long (the project's JWT secret).");
        RuleFor(s => s.SupabaseJwksUrl).HttpUrl("SUPABASE_JWKS_URL");
    }
}
