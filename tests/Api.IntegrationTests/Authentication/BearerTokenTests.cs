using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;
using VoiceTraining.Api.IntegrationTests.Infrastructure;

namespace VoiceTraining.Api.IntegrationTests.Authentication;

/// <summary>Who gets in: Clerk session tokens validated against the issuer's JWKS, then resolved to a member.</summary>
public sealed class BearerTokenTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private SeededOrganization A => fixture.OrgA;

    [Theory]
    [InlineData("GET", "/api/organization")]
    [InlineData("GET", "/api/members/me")]
    [InlineData("GET", "/api/scenarios")]
    [InlineData("GET", "/api/assignments")]
    [InlineData("POST", "/api/personas")]
    public async Task Without_a_token_tenant_endpoints_answer_401_with_a_bearer_challenge(string method, string url)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method == "POST") request.Content = Http.JsonBody(new { name = "x", voiceId = "v" });

        using var response = await fixture.Anonymous().SendAsync(request);

        var problem = await response.ShouldBeProblem(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.Should().ContainSingle().Which.Scheme.Should().Be("Bearer");
        problem.Str("detail").Should().Be("A bearer token is required.");
    }

    [Fact]
    public async Task A_valid_token_signs_the_member_in()
    {
        using var client = fixture.ClientWithToken(fixture.TokenFor(A.Trainee));

        var me = await client.GetJsonAsync("/api/members/me");

        me.Id().Should().Be(A.Trainee.Id);
        me.Str("email").Should().Be(A.Trainee.Email);
        me.Str("role").Should().Be("trainee");
    }

    [Fact]
    public async Task The_scheme_name_is_case_insensitive()
    {
        using var client = fixture.Factory.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "bearer " + fixture.TokenFor(A.Trainee));

        var me = await client.GetJsonAsync("/api/members/me");

        me.Id().Should().Be(A.Trainee.Id);
    }

    public static TheoryData<string> RejectedTokens() => new()
    {
        "garbage",
        "expired",
        "not-yet-valid",
        "wrong-issuer",
        "bad-signature",
        "unknown-key",
        "unsigned",
        "hs256-with-rsa-kid",
        "no-expiry",
    };

    [Theory]
    [MemberData(nameof(RejectedTokens))]
    public async Task Invalid_tokens_are_rejected_with_401(string kind)
    {
        var now = DateTimeOffset.UtcNow;
        using var foreignKey = new SigningKey(fixture.Jwks.Current.KeyId);
        using var unknownKey = new SigningKey();
        var token = kind switch
        {
            "garbage" => "not-a-jwt",
            "expired" => fixture.TokenFor(A.Trainee, t => t with { IssuedAt = now.AddMinutes(-20), NotBefore = now.AddMinutes(-20), Expires = now.AddMinutes(-5) }),
            "not-yet-valid" => fixture.TokenFor(A.Trainee, t => t with { IssuedAt = now, NotBefore = now.AddMinutes(5), Expires = now.AddMinutes(15) }),
            "wrong-issuer" => fixture.TokenFor(A.Trainee, t => t with { Issuer = "https://clerk.attacker.example" }),
            // Same kid as the real key, different key material: a forged signature.
            "bad-signature" => fixture.TokenFor(A.Trainee, t => t with { SignWith = foreignKey }),
            "unknown-key" => fixture.TokenFor(A.Trainee, t => t with { SignWith = unknownKey }),
            "unsigned" => fixture.TokenFor(A.Trainee, t => t with { Unsigned = true }),
            // The classic confusion attack: HMAC keyed with public material, claiming the RSA key's kid.
            "hs256-with-rsa-kid" => fixture.TokenFor(A.Trainee, t => t with
            {
                Credentials = new SigningCredentials(
                    new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(JsonSerializer.Serialize(fixture.Jwks.Current.PublicJwk())))
                    { KeyId = fixture.Jwks.Current.KeyId },
                    SecurityAlgorithms.HmacSha256),
            }),
            "no-expiry" => fixture.TokenFor(A.Trainee, t => t with { NoExpiry = true }),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        using var client = fixture.ClientWithToken(token);

        using var response = await client.GetAsync("/api/members/me");

        var problem = await response.ShouldBeProblem(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.Should().ContainSingle().Which.Scheme.Should().Be("Bearer");
        problem.ToString().Should().NotContain(A.Trainee.Email);
    }

    [Theory]
    [InlineData("expired", "expired")]
    [InlineData("wrong-issuer", "issuer is not trusted")]
    public async Task A_rejected_token_is_told_why_rather_than_that_a_token_is_missing(string kind, string reason)
    {
        var now = DateTimeOffset.UtcNow;
        var token = kind == "expired"
            ? fixture.TokenFor(A.Admin, t => t with { IssuedAt = now.AddMinutes(-20), NotBefore = now.AddMinutes(-20), Expires = now.AddMinutes(-5) })
            : fixture.TokenFor(A.Admin, t => t with { Issuer = "https://clerk.attacker.example" });
        using var client = fixture.ClientWithToken(token);

        using var response = await client.GetAsync("/api/organization");

        var problem = await response.ShouldBeProblem(HttpStatusCode.Unauthorized);
        problem.Str("detail").Should().StartWith("The bearer token was rejected").And.Contain(reason);
    }

    [Fact]
    public async Task The_org_claim_may_be_the_organizations_platform_id()
    {
        using var client = fixture.ClientWithToken(fixture.TokenFor(A.Manager, t => t with { OrgId = A.Id.ToString() }));

        var organization = await client.GetJsonAsync("/api/organization");

        organization.Id().Should().Be(A.Id);
    }

    [Fact]
    public async Task Clerk_v2_compact_org_claim_is_accepted_with_its_role()
    {
        var manager = fixture.TokenFor(A.Manager, t => t with
        {
            OrgId = null,
            Role = null,
            O = new Dictionary<string, object> { ["id"] = A.ExternalId, ["rol"] = "org:manager", ["slg"] = "acme" },
        });
        using var managerClient = fixture.ClientWithToken(manager);

        var me = await managerClient.GetJsonAsync("/api/members/me");
        me.Id().Should().Be(A.Manager.Id);
        // The listing needs manager rights: the role came from o.rol.
        var members = await managerClient.GetJsonAsync("/api/members");
        members.Int("totalCount").Should().Be(6);
    }

    [Fact]
    public async Task Clerk_v2_member_role_maps_to_trainee_rights()
    {
        var token = fixture.TokenFor(A.Manager, t => t with
        {
            OrgId = null,
            Role = null,
            O = new Dictionary<string, object> { ["id"] = A.ExternalId, ["rol"] = "org:member" },
        });
        using var client = fixture.ClientWithToken(token);

        using var response = await client.GetAsync("/api/members");

        var problem = await response.ShouldBeProblem(HttpStatusCode.Forbidden);
        problem.Str("detail").Should().Be("Your role does not allow this action.");
    }

    [Fact]
    public async Task Without_a_role_claim_the_stored_role_applies()
    {
        using var manager = fixture.ClientWithToken(fixture.TokenFor(A.Manager, t => t with { Role = null }));
        using var trainee = fixture.ClientWithToken(fixture.TokenFor(A.Trainee, t => t with { Role = "superuser" }));

        (await manager.GetJsonAsync("/api/members")).Int("totalCount").Should().Be(6);
        using var response = await trainee.GetAsync("/api/members");
        await response.ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_tokens_role_wins_over_the_stored_role()
    {
        using var client = fixture.ClientWithToken(fixture.TokenFor(A.Manager, t => t with { Role = "trainee" }));

        using var response = await client.GetAsync("/api/members");

        await response.ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_token_without_an_organization_gets_403_on_tenant_endpoints()
    {
        using var client = fixture.ClientWithToken(fixture.TokenFor(A.Admin, t => t with { OrgId = null }));

        using var response = await client.GetAsync("/api/members/me");

        var problem = await response.ShouldBeProblem(HttpStatusCode.Forbidden);
        problem.Str("detail").Should().Contain("no organization");
        // Anonymous endpoints still answer.
        (await client.GetJsonAsync("/api/config")).GetProperty("localMode").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task A_subject_that_is_not_a_member_of_the_organization_gets_403()
    {
        using var stranger = fixture.ClientWithToken(fixture.TokenFor(A.Admin, t => t with { Subject = "user_nobody_" + Guid.NewGuid().ToString("N") }));
        // A member of organization B presenting organization A.
        using var crossing = fixture.ClientWithToken(fixture.TokenFor(fixture.OrgB.Admin, t => t with { OrgId = A.ExternalId }));

        using var first = await stranger.GetAsync("/api/organization");
        using var second = await crossing.GetAsync("/api/organization");

        (await first.ShouldBeProblem(HttpStatusCode.Forbidden)).Str("detail").Should().Contain("not a member");
        var problem = await second.ShouldBeProblem(HttpStatusCode.Forbidden);
        problem.ToString().Should().NotContain(A.Name);
    }

    [Fact]
    public async Task An_unknown_organization_gets_403()
    {
        using var client = fixture.ClientWithToken(fixture.TokenFor(A.Admin, t => t with { OrgId = "org_does_not_exist" }));

        using var response = await client.GetAsync("/api/scenarios");

        (await response.ShouldBeProblem(HttpStatusCode.Forbidden)).Str("detail").Should().Contain("not a member");
    }

    [Fact]
    public async Task A_deactivated_member_gets_403()
    {
        using var client = fixture.ClientWithToken(fixture.TokenFor(A.Deactivated));

        using var response = await client.GetAsync("/api/members/me");

        (await response.ShouldBeProblem(HttpStatusCode.Forbidden)).Str("detail").Should().Contain("deactivated");
    }

    [Fact]
    public async Task A_member_deactivated_through_the_api_is_locked_out_at_once()
    {
        var org = await fixture.SeedOrganizationAsync();
        using var trainee = fixture.ClientWithToken(fixture.TokenFor(org.Trainee));
        (await trainee.GetJsonAsync("/api/members/me")).Id().Should().Be(org.Trainee.Id);

        using var deactivate = await fixture.ClientFor(org.Admin).PostAsync($"/api/members/{org.Trainee.Id}/deactivate", null);
        await deactivate.ShouldHaveStatus(HttpStatusCode.OK);

        using var response = await trainee.GetAsync("/api/members/me");
        (await response.ShouldBeProblem(HttpStatusCode.Forbidden)).Str("detail").Should().Contain("deactivated");
    }

    [Fact]
    public async Task Tokens_signed_with_a_rotated_in_key_are_accepted_once_the_keys_are_refreshed()
    {
        // A private identity provider and API instance: rotation must not disturb the other tests.
        var clock = new ShiftableTimeProvider();
        await using var jwks = await JwksServer.StartAsync();
        await using var factory = fixture.CreateFactory(jwks, clock);
        using var client = factory.CreateClient();
        string Token(SigningKey key) => jwks.CreateToken(new TokenSpec { Subject = A.Trainee.ExternalUserId, OrgId = A.ExternalId, Role = "trainee", SignWith = key });
        async Task<HttpStatusCode> MeAsync(string token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/members/me");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await client.SendAsync(request);
            return response.StatusCode;
        }

        var oldKey = jwks.Current;
        (await MeAsync(Token(oldKey))).Should().Be(HttpStatusCode.OK);
        jwks.JwksRequests.Should().Be(1);

        var newKey = jwks.Rotate(retireOld: true);
        // Unknown kids refresh the keys at most every 30 seconds, so forged kids cannot hammer the issuer.
        (await MeAsync(Token(newKey))).Should().Be(HttpStatusCode.Unauthorized);
        jwks.JwksRequests.Should().Be(1);

        clock.Advance(TimeSpan.FromSeconds(31));
        (await MeAsync(Token(newKey))).Should().Be(HttpStatusCode.OK);
        jwks.JwksRequests.Should().Be(2);
        (await MeAsync(Token(newKey))).Should().Be(HttpStatusCode.OK);
        jwks.JwksRequests.Should().Be(2, "known keys are served from the cache");

        // The retired key is gone from the refreshed set.
        (await MeAsync(Token(oldKey))).Should().Be(HttpStatusCode.Unauthorized);
    }
}
