using System.Net;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Api.IntegrationTests.Infrastructure;

namespace VoiceTraining.Api.IntegrationTests.Organizations;

public sealed class OrganizationEndpointTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Any_member_reads_their_organization()
    {
        var org = await fixture.ClientFor(fixture.OrgA.Trainee).GetJsonAsync("/api/organization");

        org.Id().Should().Be(fixture.OrgA.Id);
        org.Str("name").Should().Be(fixture.OrgA.Name);
        org.Str("externalId").Should().Be(fixture.OrgA.ExternalId);
        org.Str("plan").Should().Be("professional");
        org.Str("subscriptionStatus").Should().Be("none");
        org.Int("activeMemberCount").Should().Be(5, "six members, one deactivated");
        org.IsNull("currentPeriodEnd").Should().BeTrue();
        org.GetProperty("createdAt").GetDateTimeOffset().Should().BeBefore(DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task Each_organization_sees_only_itself()
    {
        var b = await fixture.ClientFor(fixture.OrgB.Manager).GetJsonAsync("/api/organization");

        b.Id().Should().Be(fixture.OrgB.Id);
        b.ToString().Should().NotContain(fixture.OrgA.Marker);
    }

    [Fact]
    public async Task An_admin_renames_the_organization()
    {
        var org = await fixture.SeedOrganizationAsync();
        var client = fixture.ClientFor(org.Admin);

        using var response = await client.PutJsonAsync("/api/organization", new { name = "  Renamed Lending  " });

        var body = await response.ShouldHaveStatus(HttpStatusCode.OK);
        body.Str("name").Should().Be("Renamed Lending");
        body.Id().Should().Be(org.Id);
        (await client.GetJsonAsync("/api/organization")).Str("name").Should().Be("Renamed Lending");
        (await StoredNameAsync(org.Id)).Should().Be("Renamed Lending");
    }

    [Theory]
    [InlineData("manager")]
    [InlineData("trainee")]
    public async Task Only_admins_rename(string role)
    {
        var a = fixture.OrgA;
        var caller = role == "manager" ? a.Manager : a.Trainee;

        using var response = await fixture.ClientFor(caller).PutJsonAsync("/api/organization", new { name = "Hijacked" });

        (await response.ShouldBeProblem(HttpStatusCode.Forbidden)).Str("detail").Should().Be("Your role does not allow this action.");
        (await StoredNameAsync(a.Id)).Should().Be(a.Name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task A_blank_name_is_a_validation_error(string name)
    {
        var a = fixture.OrgA;

        using var response = await fixture.ClientFor(a.Admin).PutJsonAsync("/api/organization", new { name });

        await response.ShouldBeValidationProblem("name");
        (await StoredNameAsync(a.Id)).Should().Be(a.Name);
    }

    [Fact]
    public async Task A_name_over_200_characters_is_a_validation_error()
    {
        var a = fixture.OrgA;

        using var response = await fixture.ClientFor(a.Admin).PutJsonAsync("/api/organization", new { name = new string('x', 201) });

        await response.ShouldBeValidationProblem("name");
        (await StoredNameAsync(a.Id)).Should().Be(a.Name);
    }

    [Fact]
    public async Task Renaming_needs_a_token()
    {
        using var response = await fixture.Anonymous().PutJsonAsync("/api/organization", new { name = "Anon" });

        await response.ShouldBeProblem(HttpStatusCode.Unauthorized);
        (await StoredNameAsync(fixture.OrgA.Id)).Should().Be(fixture.OrgA.Name);
    }

    private Task<string> StoredNameAsync(Guid orgId) =>
        fixture.WithDbAsync(db => db.Organizations.AsNoTracking().Where(o => o.Id == orgId).Select(o => o.Name).SingleAsync());
}
