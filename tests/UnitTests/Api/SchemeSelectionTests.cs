using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using VoiceTraining.Api.Authentication;

namespace VoiceTraining.UnitTests.Api;

/// <summary>The policy scheme's choice: what a request presents decides which scheme authenticates it.</summary>
public class SchemeSelectionTests
{
    private const string ClerkIssuer = "https://clerk.example.test";
    private const string SupabaseIssuer = "https://project.supabase.example.test/auth/v1";

    private static readonly TrustedIssuers Issuers = new(
    [
        new TrustedIssuer(IssuerSchemes.Clerk, ClerkIssuer, [SecurityAlgorithms.RsaSha256]),
        new TrustedIssuer(IssuerSchemes.Supabase, SupabaseIssuer, [SecurityAlgorithms.HmacSha256]),
    ]);

    private static string Jwt(string issuer) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = issuer,
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(new byte[32]), SecurityAlgorithms.HmacSha256),
    });

    private static string Select(string? authorization = null, string? apiKey = null)
    {
        var context = new DefaultHttpContext();
        if (authorization is not null) context.Request.Headers.Authorization = authorization;
        if (apiKey is not null) context.Request.Headers[PresentedCredential.ApiKeyHeader] = apiKey;
        return PlatformAuthentication.SelectScheme(context.Request, Issuers);
    }

    [Fact]
    public void A_jwt_goes_to_the_scheme_of_the_issuer_it_names()
    {
        Select("Bearer " + Jwt(ClerkIssuer)).Should().Be(IssuerSchemes.Clerk);
        Select("bearer " + Jwt(SupabaseIssuer)).Should().Be(IssuerSchemes.Supabase);
    }

    [Fact]
    public void Api_keys_go_to_the_api_key_scheme_whether_in_their_header_or_as_a_bearer_token()
    {
        Select(apiKey: "vtk_abc").Should().Be(ApiKeyAuthenticationHandler.SchemeName);
        Select("Bearer vtk_abc").Should().Be(ApiKeyAuthenticationHandler.SchemeName);
        // The key header wins over a token beside it.
        Select("Bearer " + Jwt(ClerkIssuer), apiKey: "vtk_abc").Should().Be(ApiKeyAuthenticationHandler.SchemeName);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer not-a-jwt")]
    [InlineData("Bearer UNTRUSTED")]
    public void Anything_else_goes_to_the_unmatched_scheme(string? authorization)
    {
        Select(authorization?.Replace("UNTRUSTED", Jwt("https://clerk.attacker.example"), StringComparison.Ordinal))
            .Should().Be(UnmatchedCredentialHandler.SchemeName);
    }

    [Fact]
    public void The_credential_is_read_without_trusting_it()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Authorization = "Bearer " + Jwt("https://clerk.attacker.example");

        var credential = PresentedCredential.Read(context.Request);

        credential.Kind.Should().Be(CredentialKind.Jwt);
        credential.Issuer.Should().Be("https://clerk.attacker.example");
    }
}
