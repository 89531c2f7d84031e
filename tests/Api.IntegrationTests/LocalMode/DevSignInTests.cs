using System.Net;
using Microsoft.IdentityModel.JsonWebTokens;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Domain.Members;

namespace VoiceTraining.Api.IntegrationTests.LocalMode;

/// <summary>Local mode: the Development environment with no Clerk issuer configured.</summary>
public sealed class LocalModeFixture : ApiFixture
{
    protected override string EnvironmentName => "Development";

    protected override void Configure(IDictionary<string, string?> settings)
    {
        settings["CLERK_ISSUER"] = "";
        settings["VAPI_WEBHOOK_SECRET"] = "";
    }
}

public sealed class DevSignInTests(LocalModeFixture fixture) : IClassFixture<LocalModeFixture>
{
    private SeededOrganization A => fixture.OrgA;

    [Fact]
    public async Task The_client_configuration_reports_local_mode()
    {
        var config = await fixture.Anonymous().GetJsonAsync("/api/config");

        config.GetProperty("localMode").GetBoolean().Should().BeTrue();
        config.IsNull("clerkPublishableKey").Should().BeTrue();
    }

    [Fact]
    public async Task The_sign_in_page_lists_active_members_of_every_organization()
    {
        using var response = await fixture.Anonymous().GetAsync("/api/dev/members");

        var members = (await response.ShouldHaveStatus(HttpStatusCode.OK)).EnumerateArray().ToList();
        var ids = members.Select(m => m.Id("memberId")).ToList();
        ids.Should().Contain(A.Members.Where(m => m != A.Deactivated).Select(m => m.Id));
        ids.Should().Contain(fixture.OrgB.Admin.Id);
        ids.Should().NotContain(A.Deactivated.Id);
        var admin = members.Single(m => m.Id("memberId") == A.Admin.Id);
        admin.Str("email").Should().Be(A.Admin.Email);
        admin.Str("externalUserId").Should().Be(A.Admin.ExternalUserId);
        admin.Str("name").Should().Be(A.Admin.Name);
        admin.Str("role").Should().Be("admin");
        admin.Id("orgId").Should().Be(A.Id);
        admin.Str("orgName").Should().Be(A.Name);
        admin.Str("orgClaim").Should().Be(A.ExternalId);
    }

    [Fact]
    public async Task A_token_minted_by_email_signs_the_member_in()
    {
        using var response = await fixture.Anonymous().PostJsonAsync("/api/dev/token", new { email = A.Admin.Email });

        var body = await response.ShouldHaveStatus(HttpStatusCode.OK);
        body.GetProperty("expiresAt").GetDateTimeOffset().Should().BeCloseTo(DateTimeOffset.UtcNow.AddHours(8), TimeSpan.FromMinutes(5));
        body.GetProperty("member").Id("memberId").Should().Be(A.Admin.Id);
        var token = body.Str("token");
        var claims = new JsonWebToken(token);
        claims.Subject.Should().Be(A.Admin.ExternalUserId);
        claims.GetClaim("org_id").Value.Should().Be(A.ExternalId);
        claims.GetClaim("role").Value.Should().Be("admin");
        claims.Alg.Should().Be("HS256");

        using var client = fixture.ClientWithToken(token);
        (await client.GetJsonAsync("/api/members/me")).Id().Should().Be(A.Admin.Id);
        (await client.GetJsonAsync("/api/members")).Int("totalCount").Should().Be(6);
    }

    [Fact]
    public async Task The_email_is_matched_ignoring_case_and_spaces()
    {
        using var response = await fixture.Anonymous().PostJsonAsync("/api/dev/token", new { email = "  " + A.Manager.Email.ToUpperInvariant() + " " });

        (await response.ShouldHaveStatus(HttpStatusCode.OK)).GetProperty("member").Id("memberId").Should().Be(A.Manager.Id);
    }

    [Fact]
    public async Task A_token_minted_by_member_id_carries_the_members_role()
    {
        using var response = await fixture.Anonymous().PostJsonAsync("/api/dev/token", new { memberId = fixture.OrgB.Trainee.Id });
        var token = (await response.ShouldHaveStatus(HttpStatusCode.OK)).Str("token");

        using var client = fixture.ClientWithToken(token);
        var me = await client.GetJsonAsync("/api/members/me");
        using var members = await client.GetAsync("/api/members");

        me.Id().Should().Be(fixture.OrgB.Trainee.Id);
        (await client.GetJsonAsync("/api/organization")).Id().Should().Be(fixture.OrgB.Id);
        await members.ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Unknown_or_deactivated_members_get_404()
    {
        using var unknownEmail = await fixture.Anonymous().PostJsonAsync("/api/dev/token", new { email = "nobody@example.test" });
        using var unknownId = await fixture.Anonymous().PostJsonAsync("/api/dev/token", new { memberId = Guid.NewGuid() });
        using var deactivated = await fixture.Anonymous().PostJsonAsync("/api/dev/token", new { email = A.Deactivated.Email });

        (await unknownEmail.ShouldBeProblem(HttpStatusCode.NotFound)).Str("detail").Should().Be("No active member matches.");
        await unknownId.ShouldBeProblem(HttpStatusCode.NotFound);
        await deactivated.ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"email":"   "}""")]
    [InlineData("""{"email":null,"memberId":null}""")]
    [InlineData("""{"email":"a@b.test","memberId":"MEMBER"}""")]
    public async Task Neither_or_both_of_email_and_member_id_is_a_validation_error(string template)
    {
        var json = template.Replace("MEMBER", A.Admin.Id.ToString(), StringComparison.Ordinal);

        using var response = await fixture.Anonymous().PostAsync("/api/dev/token", ClientHttp.RawJson(json));

        await response.ShouldBeValidationProblem("email");
    }

    [Fact]
    public async Task An_email_shared_by_members_of_two_organizations_asks_for_the_member_id()
    {
        var first = await fixture.SeedOrganizationAsync("Twin1");
        var second = await fixture.SeedOrganizationAsync("Twin2");
        var twinId = await fixture.WithDbAsync(async db =>
        {
            var twin = new Member(second.Id, "user_twin_" + Guid.NewGuid().ToString("N"), first.Trainee.Email, "Twin", MemberRole.Trainee, DateTimeOffset.UtcNow);
            db.Members.Add(twin);
            await db.SaveChangesAsync();
            return twin.Id;
        });

        using var byEmail = await fixture.Anonymous().PostJsonAsync("/api/dev/token", new { email = first.Trainee.Email });
        using var byId = await fixture.Anonymous().PostJsonAsync("/api/dev/token", new { memberId = twinId });

        (await byEmail.ShouldBeValidationProblem("email")).GetProperty("email")[0].GetString().Should().Contain("several organizations");
        (await byId.ShouldHaveStatus(HttpStatusCode.OK)).GetProperty("member").Id("orgId").Should().Be(second.Id);
    }

    [Fact]
    public async Task Clerk_tokens_are_not_trusted_in_local_mode()
    {
        using var client = fixture.ClientWithToken(fixture.TokenFor(A.Admin));

        using var response = await client.GetAsync("/api/members/me");

        await response.ShouldBeProblem(HttpStatusCode.Unauthorized);
    }
}
