using System.Net;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Domain.Members;

namespace VoiceTraining.Api.IntegrationTests.Members;

public sealed class MembersEndpointTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private SeededOrganization A => fixture.OrgA;

    // ---- GET /api/members ------------------------------------------------------------------

    [Theory]
    [InlineData("manager")]
    [InlineData("admin")]
    public async Task Managers_and_admins_list_the_organizations_members_newest_first(string role)
    {
        var caller = role == "admin" ? A.Admin : A.Manager;

        var page = await fixture.ClientFor(caller).GetJsonAsync("/api/members");

        page.Int("totalCount").Should().Be(6);
        page.Int("page").Should().Be(1);
        page.Int("pageSize").Should().Be(20);
        page.Int("totalPages").Should().Be(1);
        page.GetProperty("hasNextPage").GetBoolean().Should().BeFalse();
        // Seeded in this order: admin, manager, trainee, teammate, loner, deactivated.
        page.ItemIds().Should().Equal(A.Deactivated.Id, A.Loner.Id, A.Teammate.Id, A.Trainee.Id, A.Manager.Id, A.Admin.Id);
        var trainee = page.Items().Single(i => i.Id() == A.Trainee.Id);
        trainee.Str("email").Should().Be(A.Trainee.Email);
        trainee.Str("name").Should().Be(A.Trainee.Name);
        trainee.Str("externalUserId").Should().Be(A.Trainee.ExternalUserId);
        trainee.Str("role").Should().Be("trainee");
        trainee.Str("status").Should().Be("active");
        trainee.Id("managerId").Should().Be(A.Manager.Id);
        trainee.IsNull("deactivatedAt").Should().BeTrue();
        page.ToString().Should().NotContain(fixture.OrgB.Marker);
    }

    [Fact]
    public async Task The_list_pages_and_sorts_oldest_first_on_request()
    {
        var client = fixture.ClientFor(A.Manager);

        var first = await client.GetJsonAsync("/api/members?pageSize=4&sort=oldest");
        var second = await client.GetJsonAsync("/api/members?pageSize=4&page=2&sort=oldest");

        first.ItemIds().Should().Equal(A.Admin.Id, A.Manager.Id, A.Trainee.Id, A.Teammate.Id);
        first.Int("totalPages").Should().Be(2);
        first.GetProperty("hasNextPage").GetBoolean().Should().BeTrue();
        second.ItemIds().Should().Equal(A.Loner.Id, A.Deactivated.Id);
        second.Int("page").Should().Be(2);
        second.GetProperty("hasNextPage").GetBoolean().Should().BeFalse();
    }

    /// <summary>
    /// The total is right whether it was counted (more pages follow, or the page lies past the end)
    /// or read off the page (the page is the last one): six members, paged every way.
    /// </summary>
    [Theory]
    [InlineData(3, 1, 3, true)]
    [InlineData(3, 2, 3, false)]
    [InlineData(6, 1, 6, false)]
    [InlineData(4, 2, 2, false)]
    [InlineData(7, 1, 6, false)]
    [InlineData(2, 9, 0, false)]
    public async Task The_total_is_the_same_on_every_page(int pageSize, int page, int items, bool more)
    {
        var list = await fixture.ClientFor(A.Admin).GetJsonAsync($"/api/members?pageSize={pageSize}&page={page}");

        list.GetProperty("items").GetArrayLength().Should().Be(items);
        list.Int("totalCount").Should().Be(6);
        list.Int("totalPages").Should().Be((6 + pageSize - 1) / pageSize);
        list.GetProperty("hasNextPage").GetBoolean().Should().Be(more);
    }

    [Fact]
    public async Task The_list_filters_by_role_status_manager_and_search()
    {
        var client = fixture.ClientFor(A.Admin);

        (await client.GetJsonAsync("/api/members?role=trainee")).ItemIds().Should().BeEquivalentTo([A.Trainee.Id, A.Teammate.Id, A.Loner.Id, A.Deactivated.Id]);
        (await client.GetJsonAsync("/api/members?role=admin")).ItemIds().Should().Equal(A.Admin.Id);
        (await client.GetJsonAsync("/api/members?status=deactivated")).ItemIds().Should().Equal(A.Deactivated.Id);
        (await client.GetJsonAsync($"/api/members?managerId={A.Manager.Id}")).ItemIds().Should().BeEquivalentTo([A.Trainee.Id, A.Teammate.Id]);
        (await client.GetJsonAsync("/api/members?search=LONER")).ItemIds().Should().Equal(A.Loner.Id);
        (await client.GetJsonAsync($"/api/members?search={Uri.EscapeDataString(A.Teammate.Email)}")).ItemIds().Should().Equal(A.Teammate.Id);
    }

    [Theory]
    [InlineData("role=emperor", "role")]
    [InlineData("role=2", "role")]
    [InlineData("status=sleeping", "status")]
    [InlineData("sort=sideways", "sort")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=101", "pageSize")]
    [InlineData("page=0", "page")]
    [InlineData("page=abc", "page")]
    [InlineData("managerId=not-a-guid", "managerId")]
    public async Task Bad_query_parameters_are_validation_errors(string query, string field)
    {
        using var response = await fixture.ClientFor(A.Admin).GetAsync("/api/members?" + query);

        await response.ShouldBeValidationProblem(field);
    }

    [Fact]
    public async Task Page_size_100_is_the_maximum_allowed()
    {
        var page = await fixture.ClientFor(A.Admin).GetJsonAsync("/api/members?pageSize=100");

        page.Int("pageSize").Should().Be(100);
        page.Items().Should().HaveCount(6);
    }

    [Fact]
    public async Task Trainees_cannot_list_members()
    {
        using var response = await fixture.ClientFor(A.Trainee).GetAsync("/api/members");

        await response.ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    // ---- GET /api/members/me and /api/members/{id} ------------------------------------------

    [Fact]
    public async Task Every_member_reads_their_own_record()
    {
        var me = await fixture.ClientFor(A.Teammate).GetJsonAsync("/api/members/me");

        me.Id().Should().Be(A.Teammate.Id);
        me.Str("name").Should().Be(A.Teammate.Name);
        me.Str("role").Should().Be("trainee");
        me.Str("status").Should().Be("active");
        me.Id("managerId").Should().Be(A.Manager.Id);
    }

    [Fact]
    public async Task Managers_read_a_member_by_id()
    {
        var member = await fixture.ClientFor(A.Manager).GetJsonAsync($"/api/members/{A.Deactivated.Id}");

        member.Id().Should().Be(A.Deactivated.Id);
        member.Str("status").Should().Be("deactivated");
        member.GetProperty("deactivatedAt").GetDateTimeOffset().Should().BeBefore(DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task Trainees_cannot_read_other_members()
    {
        using var response = await fixture.ClientFor(A.Trainee).GetAsync($"/api/members/{A.Teammate.Id}");

        await response.ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Unknown_and_foreign_member_ids_are_404()
    {
        using var unknown = await fixture.ClientFor(A.Admin).GetAsync($"/api/members/{Guid.NewGuid()}");
        using var foreign = await fixture.ClientFor(A.Admin).GetAsync($"/api/members/{fixture.OrgB.Admin.Id}");

        (await unknown.ShouldBeProblem(HttpStatusCode.NotFound)).Str("detail").Should().Contain("was not found");
        (await foreign.ShouldBeProblem(HttpStatusCode.NotFound)).ToString().Should().NotContain(fixture.OrgB.Admin.Email);
    }

    [Fact]
    public async Task A_non_guid_id_does_not_match_the_route()
    {
        using var response = await fixture.ClientFor(A.Admin).GetAsync("/api/members/not-a-guid");

        await response.ShouldBeProblem(HttpStatusCode.NotFound);
    }

    // ---- PUT /api/members/{id}/role ---------------------------------------------------------

    [Fact]
    public async Task An_admin_changes_a_members_role()
    {
        var org = await fixture.SeedOrganizationAsync();

        using var response = await fixture.ClientFor(org.Admin).PutJsonAsync($"/api/members/{org.Loner.Id}/role", new { role = "manager" });

        var member = await response.ShouldHaveStatus(HttpStatusCode.OK);
        member.Id().Should().Be(org.Loner.Id);
        member.Str("role").Should().Be("manager");
        (await StoredAsync(org.Loner.Id)).Role.Should().Be(MemberRole.Manager);
        // The new role applies to the member's next request (tokens without a role claim use the stored one).
        using var promoted = fixture.ClientWithToken(fixture.TokenFor(org.Loner, t => t with { Role = null }));
        (await promoted.GetJsonAsync("/api/members")).Int("totalCount").Should().Be(6);
    }

    [Theory]
    [InlineData("manager")]
    [InlineData("trainee")]
    public async Task Only_admins_change_roles(string role)
    {
        var caller = role == "manager" ? A.Manager : A.Trainee;

        using var response = await fixture.ClientFor(caller).PutJsonAsync($"/api/members/{A.Loner.Id}/role", new { role = "admin" });

        await response.ShouldBeProblem(HttpStatusCode.Forbidden);
        (await StoredAsync(A.Loner.Id)).Role.Should().Be(MemberRole.Trainee);
    }

    [Theory]
    [InlineData("""{"role":"emperor"}""")]
    [InlineData("""{"role":2}""")]
    [InlineData("""{"role":null}""")]
    public async Task An_unknown_role_is_a_validation_error(string body)
    {
        using var response = await fixture.ClientFor(A.Admin).PutAsync($"/api/members/{A.Loner.Id}/role", ClientHttp.RawJson(body));

        await response.ShouldBeValidationProblem("role");
        (await StoredAsync(A.Loner.Id)).Role.Should().Be(MemberRole.Trainee);
    }

    [Fact]
    public async Task Changing_the_role_of_an_unknown_member_is_404()
    {
        using var response = await fixture.ClientFor(A.Admin).PutJsonAsync($"/api/members/{Guid.NewGuid()}/role", new { role = "manager" });

        await response.ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_last_admin_cannot_be_demoted()
    {
        var org = await fixture.SeedOrganizationAsync();

        using var response = await fixture.ClientFor(org.Admin).PutJsonAsync($"/api/members/{org.Admin.Id}/role", new { role = "manager" });

        (await response.ShouldBeProblem(HttpStatusCode.Conflict)).Str("detail").Should().Contain("last active admin");
        (await StoredAsync(org.Admin.Id)).Role.Should().Be(MemberRole.Admin);
    }

    [Fact]
    public async Task An_admin_can_be_demoted_when_another_admin_remains()
    {
        var org = await fixture.SeedOrganizationAsync();
        var admin = fixture.ClientFor(org.Admin);
        using var promote = await admin.PutJsonAsync($"/api/members/{org.Manager.Id}/role", new { role = "admin" });
        await promote.ShouldHaveStatus(HttpStatusCode.OK);

        using var demote = await admin.PutJsonAsync($"/api/members/{org.Admin.Id}/role", new { role = "trainee" });

        (await demote.ShouldHaveStatus(HttpStatusCode.OK)).Str("role").Should().Be("trainee");
    }

    // ---- PUT /api/members/{id}/manager ------------------------------------------------------

    [Fact]
    public async Task An_admin_puts_a_member_on_a_team_and_takes_them_off_again()
    {
        var org = await fixture.SeedOrganizationAsync();
        var admin = fixture.ClientFor(org.Admin);

        using var set = await admin.PutJsonAsync($"/api/members/{org.Loner.Id}/manager", new { managerId = org.Manager.Id });
        (await set.ShouldHaveStatus(HttpStatusCode.OK)).Id("managerId").Should().Be(org.Manager.Id);
        (await StoredAsync(org.Loner.Id)).ManagerId.Should().Be(org.Manager.Id);

        using var clear = await admin.PutJsonAsync($"/api/members/{org.Loner.Id}/manager", new { managerId = (Guid?)null });
        (await clear.ShouldHaveStatus(HttpStatusCode.OK)).IsNull("managerId").Should().BeTrue();
        (await StoredAsync(org.Loner.Id)).ManagerId.Should().BeNull();
    }

    [Fact]
    public async Task Only_managers_and_admins_can_have_a_team()
    {
        using var response = await fixture.ClientFor(A.Admin).PutJsonAsync($"/api/members/{A.Loner.Id}/manager", new { managerId = A.Teammate.Id });

        (await response.ShouldBeProblem(HttpStatusCode.UnprocessableEntity)).Str("detail").Should().Contain("manager or an admin");
        (await StoredAsync(A.Loner.Id)).ManagerId.Should().BeNull();
    }

    [Fact]
    public async Task A_member_cannot_report_to_themselves()
    {
        using var response = await fixture.ClientFor(A.Admin).PutJsonAsync($"/api/members/{A.Manager.Id}/manager", new { managerId = A.Manager.Id });

        await response.ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        (await StoredAsync(A.Manager.Id)).ManagerId.Should().BeNull();
    }

    [Fact]
    public async Task An_unknown_or_foreign_manager_is_a_validation_error()
    {
        using var unknown = await fixture.ClientFor(A.Admin).PutJsonAsync($"/api/members/{A.Loner.Id}/manager", new { managerId = Guid.NewGuid() });
        using var foreign = await fixture.ClientFor(A.Admin).PutJsonAsync($"/api/members/{A.Loner.Id}/manager", new { managerId = fixture.OrgB.Manager.Id });

        await unknown.ShouldBeValidationProblem("managerId");
        await foreign.ShouldBeValidationProblem("managerId");
        (await StoredAsync(A.Loner.Id)).ManagerId.Should().BeNull();
    }

    [Fact]
    public async Task A_malformed_manager_id_is_a_validation_error()
    {
        using var response = await fixture.ClientFor(A.Admin).PutAsync($"/api/members/{A.Loner.Id}/manager", ClientHttp.RawJson("""{"managerId":"bob"}"""));

        await response.ShouldBeValidationProblem("managerId");
    }

    [Theory]
    [InlineData("manager")]
    [InlineData("trainee")]
    public async Task Only_admins_set_managers(string role)
    {
        var caller = role == "manager" ? A.Manager : A.Trainee;

        using var response = await fixture.ClientFor(caller).PutJsonAsync($"/api/members/{A.Loner.Id}/manager", new { managerId = A.Manager.Id });

        await response.ShouldBeProblem(HttpStatusCode.Forbidden);
        (await StoredAsync(A.Loner.Id)).ManagerId.Should().BeNull();
    }

    [Fact]
    public async Task Setting_the_manager_of_an_unknown_member_is_404()
    {
        using var response = await fixture.ClientFor(A.Admin).PutJsonAsync($"/api/members/{Guid.NewGuid()}/manager", new { managerId = A.Manager.Id });

        await response.ShouldBeProblem(HttpStatusCode.NotFound);
    }

    // ---- POST /api/members/{id}/deactivate and /reactivate ----------------------------------

    [Fact]
    public async Task An_admin_deactivates_and_reactivates_a_member()
    {
        var org = await fixture.SeedOrganizationAsync();
        var admin = fixture.ClientFor(org.Admin);

        using var deactivate = await admin.PostAsync($"/api/members/{org.Teammate.Id}/deactivate", null);
        var deactivated = await deactivate.ShouldHaveStatus(HttpStatusCode.OK);
        deactivated.Str("status").Should().Be("deactivated");
        deactivated.GetProperty("deactivatedAt").GetDateTimeOffset().Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
        (await StoredAsync(org.Teammate.Id)).Status.Should().Be(MemberStatus.Deactivated);
        (await admin.GetJsonAsync("/api/organization")).Int("activeMemberCount").Should().Be(4);

        using var reactivate = await admin.PostAsync($"/api/members/{org.Teammate.Id}/reactivate", null);
        var reactivated = await reactivate.ShouldHaveStatus(HttpStatusCode.OK);
        reactivated.Str("status").Should().Be("active");
        reactivated.IsNull("deactivatedAt").Should().BeTrue();
        // And they can sign in again.
        using var teammate = fixture.ClientWithToken(fixture.TokenFor(org.Teammate));
        (await teammate.GetJsonAsync("/api/members/me")).Str("status").Should().Be("active");
    }

    [Fact]
    public async Task Deactivation_accepts_an_empty_json_body()
    {
        var org = await fixture.SeedOrganizationAsync();

        using var response = await fixture.ClientFor(org.Admin).PostAsync($"/api/members/{org.Loner.Id}/deactivate", ClientHttp.RawJson("{}"));

        (await response.ShouldHaveStatus(HttpStatusCode.OK)).Str("status").Should().Be("deactivated");
    }

    [Fact]
    public async Task Admins_cannot_deactivate_themselves()
    {
        var org = await fixture.SeedOrganizationAsync();
        var admin = fixture.ClientFor(org.Admin);
        using var promote = await admin.PutJsonAsync($"/api/members/{org.Manager.Id}/role", new { role = "admin" });
        await promote.ShouldHaveStatus(HttpStatusCode.OK);

        using var response = await admin.PostAsync($"/api/members/{org.Admin.Id}/deactivate", null);

        (await response.ShouldBeProblem(HttpStatusCode.Conflict)).Str("detail").Should().Contain("yourself");
        (await StoredAsync(org.Admin.Id)).Status.Should().Be(MemberStatus.Active);
    }

    [Fact]
    public async Task The_last_active_admin_cannot_be_deactivated()
    {
        // The identity provider may grant admin to someone the platform stores as a manager (the token's role wins);
        // they still cannot remove the organization's only stored admin.
        var org = await fixture.SeedOrganizationAsync();
        using var idpAdmin = fixture.ClientWithToken(fixture.TokenFor(org.Manager, t => t with { Role = "admin" }));

        using var response = await idpAdmin.PostAsync($"/api/members/{org.Admin.Id}/deactivate", null);

        (await response.ShouldBeProblem(HttpStatusCode.Conflict)).Str("detail").Should().Contain("last active admin");
        (await StoredAsync(org.Admin.Id)).Status.Should().Be(MemberStatus.Active);
    }

    [Theory]
    [InlineData("manager", "deactivate")]
    [InlineData("trainee", "deactivate")]
    [InlineData("manager", "reactivate")]
    [InlineData("trainee", "reactivate")]
    public async Task Only_admins_deactivate_and_reactivate(string role, string action)
    {
        var caller = role == "manager" ? A.Manager : A.Trainee;
        var target = action == "deactivate" ? A.Loner : A.Deactivated;

        using var response = await fixture.ClientFor(caller).PostAsync($"/api/members/{target.Id}/{action}", null);

        await response.ShouldBeProblem(HttpStatusCode.Forbidden);
        (await StoredAsync(A.Loner.Id)).Status.Should().Be(MemberStatus.Active);
        (await StoredAsync(A.Deactivated.Id)).Status.Should().Be(MemberStatus.Deactivated);
    }

    [Theory]
    [InlineData("deactivate")]
    [InlineData("reactivate")]
    public async Task Unknown_members_are_404(string action)
    {
        using var response = await fixture.ClientFor(A.Admin).PostAsync($"/api/members/{Guid.NewGuid()}/{action}", null);

        await response.ShouldBeProblem(HttpStatusCode.NotFound);
    }

    private Task<Member> StoredAsync(Guid memberId) =>
        fixture.WithDbAsync(db => db.Members.IgnoreQueryFilters().AsNoTracking().SingleAsync(m => m.Id == memberId));
}
