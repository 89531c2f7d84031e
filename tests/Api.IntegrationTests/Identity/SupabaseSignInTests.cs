using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using VoiceTraining.Api.IntegrationTests.Infrastructure;

namespace VoiceTraining.Api.IntegrationTests.Identity;

/// <summary>Supabase Auth tokens (SalesPulse sign-in) accepted beside Clerk's: HS256 with the project's JWT secret, or its JWKS.</summary>
public sealed class SupabaseSignInTests(IdentityFixture fixture) : IClassFixture<IdentityFixture>
{
    private const string Issuer = IdentityFixture.SupabaseUrl + "/auth/v1";
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    private static SigningCredentials Hs256(string secret = IdentityFixture.SupabaseJwtSecret) =>
        new(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)), SecurityAlgorithms.HmacSha256);

    /// <summary>A token shaped like Supabase Auth's access tokens, stamped on the API's clock.</summary>
    private string Token(string subject, SigningCredentials credentials, Dictionary<string, object>? appMetadata = null,
        Dictionary<string, object>? extra = null, string issuer = Issuer, string audience = "authenticated", TimeSpan? expiresIn = null)
    {
        var now = fixture.ManualClock.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>
        {
            ["sub"] = subject,
            ["aud"] = audience,
            ["role"] = "authenticated",
            ["aal"] = "aal1",
            ["session_id"] = Guid.NewGuid().ToString(),
            ["email"] = "someone@example.test",
            ["app_metadata"] = appMetadata ?? new Dictionary<string, object> { ["provider"] = "email" },
            ["user_metadata"] = new Dictionary<string, object>(),
        };
        foreach (var (k, v) in extra ?? []) claims[k] = v;
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Claims = claims,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + (expiresIn ?? TimeSpan.FromHours(1)),
            SigningCredentials = credentials,
        });
    }

    [Theory]
    [InlineData("admin", "admin")]
    [InlineData("manager", "manager")]
    [InlineData("rep", "trainee")]
    public async Task An_hs256_token_with_org_and_role_in_app_metadata_signs_the_member_in_with_the_mapped_role(string role, string expected)
    {
        var org = await fixture.SeedOrganizationAsync();
        var token = Token(org.Loner.ExternalUserId, Hs256(), new() { ["provider"] = "email", ["org_id"] = org.ExternalId, ["role"] = role });
        var me = await fixture.ClientWithToken(token).GetJsonAsync("/api/members/me");
        me.Id().Should().Be(org.Loner.Id);
        // The role the token carries is the one the caller acts with.
        using var members = await fixture.ClientWithToken(token).GetAsync("/api/webhooks");
        members.StatusCode.Should().Be(expected == "admin" ? HttpStatusCode.OK : HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_custom_access_token_hook_may_put_org_id_and_user_role_at_the_top_level()
    {
        var org = await fixture.SeedOrganizationAsync();
        var token = Token(org.Manager.ExternalUserId, Hs256(), extra: new() { ["org_id"] = org.Id.ToString(), ["user_role"] = "manager" });
        (await fixture.ClientWithToken(token).GetJsonAsync("/api/members/me")).Id().Should().Be(org.Manager.Id);
        // "authenticated" (the database role) is not mistaken for a platform role: the stored one applies.
        var plain = Token(org.Manager.ExternalUserId, Hs256(), new() { ["org_id"] = org.ExternalId });
        (await fixture.ClientWithToken(plain).GetJsonAsync("/api/members/me")).Str("role").Should().Be("manager");
    }

    [Fact]
    public async Task A_token_signed_with_the_projects_asymmetric_key_is_checked_against_its_jwks()
    {
        var org = await fixture.SeedOrganizationAsync();
        var key = fixture.SupabaseJwks.Current;
        var credentials = new SigningCredentials(key.SecurityKey, SecurityAlgorithms.RsaSha256);
        var token = Token(org.Trainee.ExternalUserId, credentials, new() { ["org_id"] = org.ExternalId, ["role"] = "rep" });
        (await fixture.ClientWithToken(token).GetJsonAsync("/api/members/me")).Id().Should().Be(org.Trainee.Id);
    }

    [Fact]
    public async Task Hs256_tokens_are_accepted_while_the_projects_jwks_cannot_be_loaded()
    {
        var org = await fixture.SeedOrganizationAsync();
        // Port 1 on this machine: nothing listens, the connection is refused.
        await using var factory = fixture.CreateFactory(fixture.Jwks, fixture.Clock, s => s["SUPABASE_JWKS_URL"] = "http://127.0.0.1:1/.well-known/jwks.json");
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", Token(org.Admin.ExternalUserId, Hs256(), new() { ["org_id"] = org.ExternalId, ["role"] = "admin" }));

        (await client.GetJsonAsync("/api/members/me")).Id().Should().Be(org.Admin.Id);
    }

    [Fact]
    public async Task Clerk_and_supabase_tokens_work_side_by_side()
    {
        var org = await fixture.SeedOrganizationAsync();
        (await fixture.ClientWithToken(fixture.TokenFor(org.Admin)).GetJsonAsync("/api/members/me")).Id().Should().Be(org.Admin.Id);
        var supabase = Token(org.Admin.ExternalUserId, Hs256(), new() { ["org_id"] = org.ExternalId, ["role"] = "admin" });
        (await fixture.ClientWithToken(supabase).GetJsonAsync("/api/members/me")).Id().Should().Be(org.Admin.Id);
    }

    [Theory]
    [InlineData("wrong-secret")]
    [InlineData("wrong-audience")]
    [InlineData("anon-audience")]
    [InlineData("wrong-issuer")]
    [InlineData("expired")]
    [InlineData("attacker-rsa-key")]
    public async Task Tokens_that_are_not_the_projects_are_refused(string attack)
    {
        var org = await fixture.SeedOrganizationAsync();
        var meta = new Dictionary<string, object> { ["org_id"] = org.ExternalId, ["role"] = "admin" };
        using var attacker = new SigningKey();
        var token = attack switch
        {
            "wrong-secret" => Token(org.Admin.ExternalUserId, Hs256("another-secret-that-is-at-least-32-characters"), meta),
            "wrong-audience" => Token(org.Admin.ExternalUserId, Hs256(), meta, audience: "somebody-else"),
            "anon-audience" => Token(org.Admin.ExternalUserId, Hs256(), meta, audience: "anon"),
            "wrong-issuer" => Token(org.Admin.ExternalUserId, Hs256(), meta, issuer: "https://other.supabase.example.test/auth/v1"),
            "expired" => Token(org.Admin.ExternalUserId, Hs256(), meta, expiresIn: TimeSpan.FromMinutes(-5)),
            _ => Token(org.Admin.ExternalUserId, new SigningCredentials(attacker.SecurityKey, SecurityAlgorithms.RsaSha256), meta),
        };
        using var response = await fixture.ClientWithToken(token).GetAsync("/api/members/me");
        await response.ShouldBeProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_supabase_user_who_is_not_a_member_gets_a_clear_403()
    {
        var org = await fixture.SeedOrganizationAsync();
        var token = Token(Guid.NewGuid().ToString(), Hs256(), new() { ["org_id"] = org.ExternalId });
        using var response = await fixture.ClientWithToken(token).GetAsync("/api/members/me");
        (await response.ShouldBeProblem(HttpStatusCode.Forbidden)).Str("detail").Should().Contain("not a member");
    }
}
