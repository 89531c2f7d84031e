using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using VoiceTraining.Api.Authentication;
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
        if (method == "POST") request.Content = ClientHttp.JsonBody(new { name = "x", voiceId = "v" });

        using var response = await fixture.Anonymous().SendAsync(request);

        var problem = await response.ShouldBeProblem(HttpStatusCode.Unauthorized);
        var challenge = response.Headers.WwwAuthenticate.Should().ContainSingle().Subject;
        challenge.Scheme.Should().Be("Bearer");
        challenge.Parameter.Should().BeNull("no token was refused, so there is no error code");
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
        problem.ToString().Should().NotContain(A.Trainee.Email).And.NotContain("IDX").And.NotContain(fixture.Jwks.Current.KeyId);
        problem.Str("detail").Should().StartWith("The bearer token was rejected: The ");
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
    public async Task Moving_the_clock_past_exp_makes_a_valid_token_expire()
    {
        // Lifetime is judged on the API's clock, not the machine's.
        var clock = new ShiftableTimeProvider();
        await using var factory = fixture.CreateFactory(fixture.Jwks, clock);
        using var client = factory.CreateClient();
        var token = fixture.TokenFor(A.Trainee, t => t with { Expires = DateTimeOffset.UtcNow.AddMinutes(5) });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        (await client.GetJsonAsync("/api/members/me")).Id().Should().Be(A.Trainee.Id);
        clock.Advance(TimeSpan.FromMinutes(6));
        using var response = await client.GetAsync("/api/members/me");

        var problem = await response.ShouldBeProblem(HttpStatusCode.Unauthorized);
        problem.Str("detail").Should().Be("The bearer token was rejected: The token has expired.");
    }

    [Theory]
    [InlineData("unknown-key", "The token is signed with a key its issuer does not publish.")]
    [InlineData("wrong-issuer", "The token's issuer is not trusted.")]
    public async Task A_refused_token_is_told_why_in_its_own_words_without_the_token_librarys_message(string kind, string reason)
    {
        using var unknownKey = new SigningKey();
        var token = kind == "unknown-key"
            ? fixture.TokenFor(A.Admin, t => t with { SignWith = unknownKey })
            : fixture.TokenFor(A.Admin, t => t with { Issuer = "https://clerk.attacker.example" });
        using var client = fixture.ClientWithToken(token);

        using var response = await client.GetAsync("/api/organization");

        var problem = await response.ShouldBeProblem(HttpStatusCode.Unauthorized);
        problem.Str("detail").Should().Be("The bearer token was rejected: " + reason);
        var body = problem.ToString();
        body.Should().NotContain("IDX").And.NotContain(unknownKey.KeyId).And.NotContain(fixture.Jwks.Current.KeyId).And.NotContain("Exception");
        var challenge = response.Headers.WwwAuthenticate.Should().ContainSingle().Subject;
        challenge.Scheme.Should().Be("Bearer");
        challenge.Parameter.Should().Be("error=\"invalid_token\"", "RFC 6750's error code, without the library's description");
    }

    /// <summary>A private identity provider and API instance: rotation and outages must not disturb the other tests.</summary>
    private sealed class PrivateIssuer(ApiFixture fixture, JwksServer jwks, ApiFactory factory) : IAsyncDisposable
    {
        public JwksServer Jwks => jwks;
        private readonly HttpClient _client = factory.CreateClient();

        public static async Task<PrivateIssuer> StartAsync(ApiFixture fixture, Action<IServiceCollection>? services = null)
        {
            var jwks = await JwksServer.StartAsync();
            return new PrivateIssuer(fixture, jwks, fixture.CreateFactory(jwks, services: services));
        }

        public string Token(SigningKey key) => jwks.CreateToken(new TokenSpec
        {
            Subject = fixture.OrgA.Trainee.ExternalUserId, OrgId = fixture.OrgA.ExternalId, Role = "trainee", SignWith = key,
        });

        public Task<HttpResponseMessage> MeAsync(SigningKey key) => MeAsync(Token(key));

        public async Task<HttpResponseMessage> MeAsync(string token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/members/me");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return await _client.SendAsync(request);
        }

        public Task<HttpStatusCode> StatusAsync(SigningKey key) => StatusAsync(Token(key));

        public async Task<HttpStatusCode> StatusAsync(string token)
        {
            using var response = await MeAsync(token);
            return response.StatusCode;
        }

        /// <summary>Keys load once a token may ask for them again (the refresh interval): a token may be refused until then.</summary>
        public async Task<HttpStatusCode> StatusOnceSettledAsync(SigningKey key, HttpStatusCode expected)
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            var status = await StatusAsync(key);
            while (status != expected && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
                status = await StatusAsync(key);
            }
            return status;
        }

        public async ValueTask DisposeAsync()
        {
            _client.Dispose();
            await factory.DisposeAsync();
            await jwks.DisposeAsync();
        }
    }

    [Fact]
    public async Task Tokens_signed_with_a_rotated_in_key_are_accepted_once_the_keys_are_refreshed()
    {
        await using var issuer = await PrivateIssuer.StartAsync(fixture);
        var oldKey = issuer.Jwks.Current;
        (await issuer.StatusAsync(oldKey)).Should().Be(HttpStatusCode.OK);
        issuer.Jwks.JwksRequests.Should().Be(1);

        var newKey = issuer.Jwks.Rotate(retireOld: true);
        // A kid the cache lacks fetches the keys again, on that request.
        (await issuer.StatusAsync(newKey)).Should().Be(HttpStatusCode.OK);
        issuer.Jwks.JwksRequests.Should().Be(2);

        // Further unknown kids fetch nothing within the refresh interval, so forged kids cannot hammer the issuer.
        for (var i = 0; i < 5; i++)
        {
            using var forged = new SigningKey();
            (await issuer.StatusAsync(forged)).Should().Be(HttpStatusCode.Unauthorized);
        }
        issuer.Jwks.JwksRequests.Should().Be(2);
        (await issuer.StatusAsync(newKey)).Should().Be(HttpStatusCode.OK);
        issuer.Jwks.JwksRequests.Should().Be(2, "known keys are served from the cache");

        // The retired key is gone from the refreshed set.
        (await issuer.StatusAsync(oldKey)).Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_remembered_token_stops_counting_once_its_key_is_retired()
    {
        await using var issuer = await PrivateIssuer.StartAsync(fixture);
        var oldKey = issuer.Jwks.Current;
        var token = issuer.Token(oldKey);
        (await issuer.StatusAsync(token)).Should().Be(HttpStatusCode.OK);
        (await issuer.StatusAsync(token)).Should().Be(HttpStatusCode.OK, "the same token again is served from the validated-token cache");

        var newKey = issuer.Jwks.Rotate(retireOld: true);
        // A kid the cache lacks fetches the keys again: the old key is no longer among them.
        (await issuer.StatusAsync(newKey)).Should().Be(HttpStatusCode.OK);

        (await issuer.StatusAsync(token)).Should().Be(HttpStatusCode.Unauthorized, "the remembered token's signing key was retired");
    }

    [Fact]
    public async Task While_the_issuer_is_down_the_keys_already_loaded_keep_working()
    {
        await using var issuer = await PrivateIssuer.StartAsync(fixture);
        var key = issuer.Jwks.Current;
        (await issuer.StatusAsync(key)).Should().Be(HttpStatusCode.OK);

        issuer.Jwks.Unavailable = true;
        // An unknown kid asks for the keys again, and that fetch fails (the library's retriever tries a 503 twice) ...
        using var unknown = new SigningKey();
        (await issuer.StatusAsync(unknown)).Should().Be(HttpStatusCode.Unauthorized);
        issuer.Jwks.JwksRequests.Should().Be(3);

        // ... and the keys the API has still sign members in.
        (await issuer.StatusAsync(key)).Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_issuer_down_before_its_keys_were_loaded_gets_a_401_until_it_is_back()
    {
        // The library's shortest refresh interval, so the test need not wait the 30 s the API waits.
        await using var issuer = await PrivateIssuer.StartAsync(fixture, services => services.PostConfigure<JwtBearerOptions>(IssuerSchemes.Clerk,
            o => ((BaseConfigurationManager)o.ConfigurationManager!).RefreshInterval = TimeSpan.FromSeconds(1)));
        issuer.Jwks.Unavailable = true;

        using (var response = await issuer.MeAsync(issuer.Jwks.Current))
        {
            var problem = await response.ShouldBeProblem(HttpStatusCode.Unauthorized);
            problem.Str("detail").Should().Be("The bearer token was rejected: The issuer's signing keys could not be loaded; try again shortly.");
            problem.ToString().Should().NotContain("IDX").And.NotContain(issuer.Jwks.Issuer);
        }

        issuer.Jwks.Unavailable = false;
        (await issuer.StatusOnceSettledAsync(issuer.Jwks.Current, HttpStatusCode.OK)).Should().Be(HttpStatusCode.OK);
    }
}
