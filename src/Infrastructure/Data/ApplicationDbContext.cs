using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Domain.Assignments;
using VoiceTraining.Domain.Attempts;
using VoiceTraining.Domain.Common;
using VoiceTraining.Domain.Members;
using VoiceTraining.Domain.Organizations;
using VoiceTraining.Domain.Personas;
using VoiceTraining.Domain.Scenarios;
using VoiceTraining.Domain.Tracks;

namespace VoiceTraining.Infrastructure.Data;

public sealed class ApplicationDbContext(DbContextOptions<ApplicationDbContext> options, ICurrentUser currentUser)
    : DbContext(options), IApplicationDbContext
{
    /// <summary>
    /// The organization every tenant-owned query is filtered to. With no caller (no org) it is
    /// Guid.Empty, which matches nothing: isolation fails closed.
    /// </summary>
    internal Guid TenantId => currentUser.OrgId ?? Guid.Empty;

    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<Member> Members => Set<Member>();
    public DbSet<Persona> Personas => Set<Persona>();
    public DbSet<Scenario> Scenarios => Set<Scenario>();
    public DbSet<Track> Tracks => Set<Track>();
    public DbSet<Assignment> Assignments => Set<Assignment>();
    public DbSet<Attempt> Attempts => Set<Attempt>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums as readable text: robust to reordering and legible in SQL.
        configurationBuilder.Properties<MemberRole>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<MemberStatus>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<Difficulty>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<ScenarioStatus>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<AssignmentStatus>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<AttemptStatus>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<SubscriptionStatus>().HaveConversion<string>().HaveMaxLength(32);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ApplicationDbContext).Assembly);

        foreach (var entityType in modelBuilder.Model.GetEntityTypes())
        {
            if (typeof(ITenantOwned).IsAssignableFrom(entityType.ClrType) && !entityType.IsOwned())
                modelBuilder.Entity(entityType.ClrType).HasQueryFilter(TenantFilter(entityType.ClrType));
        }

        SnakeCaseNames.Apply(modelBuilder);
    }

    /// <summary>Builds <c>e => e.OrgId == this.TenantId</c>; referencing the context keeps it a per-query parameter.</summary>
    private LambdaExpression TenantFilter(Type type)
    {
        var e = Expression.Parameter(type, "e");
        var orgId = Expression.Property(e, nameof(ITenantOwned.OrgId));
        var tenant = Expression.Property(Expression.Constant(this), nameof(TenantId));
        return Expression.Lambda(Expression.Equal(orgId, tenant), e);
    }
}
