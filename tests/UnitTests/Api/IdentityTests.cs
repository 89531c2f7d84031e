using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using VoiceTraining.Api.Authentication;
using VoiceTraining.Domain.Members;

namespace VoiceTraining.UnitTests.Api;

public class IdentityTests
{
    [Theory]
    [InlineData("admin", MemberRole.Admin)]
    [InlineData("org:admin", MemberRole.Admin)]
    [InlineData("ORG:ADMIN", MemberRole.Admin)]
    [InlineData("manager", MemberRole.Manager)]
    [InlineData("org:manager", MemberRole.Manager)]
    [InlineData("trainee", MemberRole.Trainee)]
    [InlineData("org:member", MemberRole.Trainee)]
    [InlineData("rep", MemberRole.Trainee)]
    [InlineData("superuser", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Role_names_from_identity_providers_map_to_platform_roles(string? claim, MemberRole? expected)
    {
        RoleNames.Parse(claim).Should().Be(expected);
    }

    [Fact]
    public void The_issuer_comes_from_a_clerk_publishable_key()
    {
        // pk_test_ + base64("clerk.example.com$"), the format Clerk documents.
        var key = "pk_test_" + Convert.ToBase64String("clerk.example.com$"u8.ToArray()).TrimEnd('=');
        IdentitySettings.IssuerFromPublishableKey(key).Should().Be("https://clerk.example.com");
        IdentitySettings.IssuerFromPublishableKey("pk_live_" + Convert.ToBase64String("clerk.acme.io$"u8.ToArray())).Should().Be("https://clerk.acme.io");
    }

    [Theory]
    [InlineData("sk_test_abc")]
    [InlineData("pk_test_%%%")]
    [InlineData("nonsense")]
    [InlineData("")]
    public void Malformed_publishable_keys_give_no_issuer(string key)
    {
        IdentitySettings.IssuerFromPublishableKey(key).Should().BeNull();
    }

    [Fact]
    public void Settings_default_the_jwks_url_and_split_authorized_parties()
    {
        var settings = ApiComposition.IdentityBinding.Read(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CLERK_ISSUER"] = "https://clerk.example.com/",
            ["CLERK_AUTHORIZED_PARTIES"] = "https://app.example.com/, http://localhost:5173",
        }).Build());
        settings.ClerkIssuer.Should().Be("https://clerk.example.com");
        settings.ClerkJwksUrl.Should().Be(new Uri("https://clerk.example.com/.well-known/jwks.json"));
        settings.AuthorizedParties.Should().Equal("https://app.example.com", "http://localhost:5173");
    }

    [Fact]
    public void Without_clerk_settings_nothing_is_configured()
    {
        var settings = ApiComposition.IdentityBinding.Read(new ConfigurationBuilder().Build());
        settings.ClerkConfigured.Should().BeFalse();
        settings.ClerkJwksUrl.Should().BeNull();
    }

    private static JsonWebToken Token(Dictionary<string, object> claims)
    {
        var raw = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "https://issuer.test",
            Claims = claims,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(new byte[32]), SecurityAlgorithms.HmacSha256),
        });
        return new JsonWebToken(raw);
    }

    [Fact]
    public void Organization_and_role_come_from_the_custom_claims()
    {
        var (org, role) = PlatformPrincipal.ReadOrganization(Token(new() { ["org_id"] = "org_789xyz", ["role"] = "admin" }));
        org.Should().Be("org_789xyz");
        role.Should().Be(MemberRole.Admin);
    }

    [Fact]
    public void Organization_and_role_come_from_clerks_v2_org_claim()
    {
        var (org, role) = PlatformPrincipal.ReadOrganization(Token(new()
        {
            ["o"] = new Dictionary<string, object> { ["id"] = "org_2abc", ["rol"] = "manager", ["slg"] = "acme" },
        }));
        org.Should().Be("org_2abc");
        role.Should().Be(MemberRole.Manager);
    }

    [Fact]
    public void Custom_claims_win_over_the_v2_org_claim()
    {
        var (org, role) = PlatformPrincipal.ReadOrganization(Token(new()
        {
            ["org_id"] = "org_custom",
            ["role"] = "trainee",
            ["o"] = new Dictionary<string, object> { ["id"] = "org_other", ["rol"] = "admin" },
        }));
        org.Should().Be("org_custom");
        role.Should().Be(MemberRole.Trainee);
    }

    [Fact]
    public void A_token_without_organization_has_none()
    {
        var (org, role) = PlatformPrincipal.ReadOrganization(Token(new() { ["email"] = "a@b.test" }));
        org.Should().BeNull();
        role.Should().BeNull();
    }
}
