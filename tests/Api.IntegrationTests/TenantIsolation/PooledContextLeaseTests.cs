using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Domain.Assignments;
using VoiceTraining.Infrastructure.Assignments;
using VoiceTraining.Infrastructure.Data;

namespace VoiceTraining.Api.IntegrationTests.TenantIsolation;

/// <summary>
/// A pooled context (ADR 0019) belongs to one scope at a time. The container disposes the scope's
/// context once for each registration it was resolved through (the class and
/// <see cref="IApplicationDbContext"/>); if the later disposal reaches a context the pool has
/// meanwhile leased to another request, that request loses its caller and its context goes back to
/// the pool under it, to be leased a second time: two requests on one connection ("A command is
/// already in progress"), seen in the browser tests on a busy machine.
/// </summary>
public sealed class PooledContextLeaseTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task A_context_disposed_again_by_its_old_scope_stays_with_the_request_that_leased_it_since()
    {
        var caller = new SettableCaller { OrgId = fixture.OrgA.Id };
        await using var provider = ProviderWithAnEmptyPool(caller);

        var old = provider.CreateAsyncScope();
        var context = old.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        ReferenceEquals(old.ServiceProvider.GetRequiredService<IApplicationDbContext>(), context).Should().BeTrue();
        // The first of the old scope's disposals; had it given the context back to the pool, the next
        // request would lease that very context while the old scope still has disposals to make.
        await context.DisposeAsync();

        await using var current = provider.CreateAsyncScope();
        var leased = current.ServiceProvider.GetRequiredService<ApplicationDbContext>();

        // The old scope ends and disposes what it resolved, the same context included.
        await old.DisposeAsync();

        await using var other = provider.CreateAsyncScope();
        var otherContext = other.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        ReferenceEquals(otherContext, leased).Should().BeFalse("a context still leased to a request must not be leased again");
        leased.TenantId.Should().Be(fixture.OrgA.Id, "the current request keeps its caller");
        (await leased.Database.SqlQueryRaw<string>("SELECT current_setting('app.org_id', true) AS \"Value\"").SingleAsync())
            .Should().Be(fixture.OrgA.Id.ToString(), "its connection acts for its caller's organization");
    }

    [Fact]
    public async Task Scopes_that_resolved_the_context_through_both_registrations_leave_the_pool_sound()
    {
        var caller = new SettableCaller { OrgId = fixture.OrgA.Id };
        await using var provider = ProviderWithAnEmptyPool(caller);

        for (var i = 0; i < 3; i++)
        {
            await using var scope = provider.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
            (await ((ApplicationDbContext)db).Members.CountAsync()).Should().BeGreaterThan(0);
            ReferenceEquals(scope.ServiceProvider.GetRequiredService<ApplicationDbContext>(), db).Should().BeTrue();
        }

        // Two requests at once hold two contexts, each usable.
        await using var first = provider.CreateAsyncScope();
        await using var second = provider.CreateAsyncScope();
        var a = first.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var b = second.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        ReferenceEquals(a, b).Should().BeFalse();
        var counts = await Task.WhenAll(a.Members.CountAsync(), b.Members.CountAsync());
        counts[0].Should().Be(counts[1]).And.BeGreaterThan(0);
    }

    [Fact]
    public async Task An_overdue_scan_over_two_organizations_leaves_every_pooled_context_a_connection_of_its_own()
    {
        await using var provider = ProviderWithAnEmptyPool(new SettableCaller());
        var overdueOrgs = await fixture.WithDbAsync(db => db.Assignments.IgnoreQueryFilters()
            .Where(a => a.Status != AssignmentStatus.Completed && a.OverdueNotifiedAt == null && a.DueAt < DateTimeOffset.UtcNow)
            .Select(a => a.OrgId).Distinct().CountAsync());
        overdueOrgs.Should().BeGreaterThanOrEqualTo(2, "the seed leaves an overdue assignment in each organization");

        (await provider.GetRequiredService<OverdueAssignmentScanner>().ScanOnceAsync(CancellationToken.None)).Should().BeGreaterThanOrEqualTo(2);

        // Lease more contexts at once than the scan can have put back into the pool.
        var scopes = Enumerable.Range(0, 8).Select(_ => provider.CreateAsyncScope()).ToList();
        try
        {
            var connections = scopes.Select(s => s.ServiceProvider.GetRequiredService<ApplicationDbContext>().Database.GetDbConnection()).ToList();
            connections.Distinct(ReferenceEqualityComparer.Instance).Should().HaveCount(connections.Count, "two leased contexts on one connection run two commands at once");
        }
        finally
        {
            foreach (var scope in scopes) await scope.DisposeAsync();
        }
    }

    private ServiceProvider ProviderWithAnEmptyPool(ICurrentUser caller) => OwnServices.For(fixture.Database.ConnectionString, caller);
}
