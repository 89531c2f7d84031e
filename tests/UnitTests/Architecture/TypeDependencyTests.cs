using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using NetArchTest.Rules;

namespace VoiceTraining.UnitTests.Architecture;

/// <summary>
/// What the types of the inner layers may use, read from their compiled code (members, signatures
/// and method bodies), so a fully qualified name without a using is caught as well.
/// </summary>
public class TypeDependencyTests
{
    [Fact]
    public void Domain_types_use_no_other_layer_and_no_framework_package() =>
        Types.InAssembly(Layers.Domain).ShouldNot().HaveDependencyOnAny(
                "VoiceTraining.Application", "VoiceTraining.Infrastructure", "VoiceTraining.Api",
                "Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "Npgsql",
                "MediatR", "FluentValidation", "AutoMapper", "Stripe", "Refit", "Polly")
            .GetResult().ShouldPass("the domain depends on nothing but the base class library");

    [Fact]
    public void Application_types_use_no_outer_layer_and_no_provider_or_web_package() =>
        Types.InAssembly(Layers.Application).ShouldNot().HaveDependencyOnAny(
                "VoiceTraining.Infrastructure", "VoiceTraining.Api",
                "Npgsql", "Microsoft.AspNetCore", "Stripe", "Refit", "Polly")
            .GetResult().ShouldPass("use cases reach the database, the web and providers only through ports");

    // Handlers query through the IApplicationDbContext port, so Application needs from EF Core exactly
    // what that port hands out and LINQ over it: DbSet<T>, the EF query operators (ToListAsync,
    // AsNoTracking, IgnoreQueryFilters, Include, ExecuteUpdateAsync …), IIncludableQueryable, which
    // Include returns, and UpdateSettersBuilder, which ExecuteUpdateAsync's setters are written on.
    // Everything else (DbContext, the database facade and its transactions, change tracking, model
    // metadata, migrations, and every relational or PostgreSQL provider type, whatever namespace it
    // sits in) belongs to Infrastructure, behind ports such as ITransactionRunner and IRowLocks.
    private static readonly Type[] EfTypesThePortNeeds =
        [typeof(DbSet<>), typeof(EntityFrameworkQueryableExtensions), typeof(IIncludableQueryable<,>), typeof(UpdateSettersBuilder<>)];

    private static readonly System.Reflection.Assembly[] EfAssemblies =
    [
        typeof(DbContext).Assembly,
        typeof(IndexAttribute).Assembly,
        typeof(RelationalQueryableExtensions).Assembly,
        typeof(NpgsqlDbFunctionsExtensions).Assembly,
    ];

    internal static IReadOnlyList<string> EfTypesBeyondThePort() =>
    [
        .. EfAssemblies.Distinct().SelectMany(a => a.GetExportedTypes())
            .Where(t => !t.IsNested && !EfTypesThePortNeeds.Contains(t))
            .Select(t => t.FullName!),
    ];

    [Fact]
    public void Application_types_use_of_ef_core_is_only_what_the_database_port_needs() =>
        Types.InAssembly(Layers.Application).ShouldNot().HaveDependencyOnAny([.. EfTypesBeyondThePort()])
            .GetResult().ShouldPass("Application reads and writes through IApplicationDbContext; the rest of EF Core is Infrastructure's");

    [Fact]
    public void The_ef_types_left_out_of_the_rule_are_exactly_the_ones_the_port_needs()
    {
        var beyond = EfTypesBeyondThePort();
        beyond.Should().Contain([typeof(DbContext).FullName!, typeof(RelationalQueryableExtensions).FullName!, typeof(NpgsqlDbFunctionsExtensions).FullName!]);
        beyond.Should().NotContain(EfTypesThePortNeeds.Select(t => t.FullName!));
    }
}
