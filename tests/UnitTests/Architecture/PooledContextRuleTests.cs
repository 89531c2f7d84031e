using Microsoft.EntityFrameworkCore;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace VoiceTraining.UnitTests.Architecture;

/// <summary>
/// The application's contexts come from EF Core's pool (ADR 0019), and a pooled context keeps a
/// connection it was given with SetDbConnection when it goes back: the next request to lease it
/// would share that connection with the context it came from, two commands at once on one
/// connection. Read from the compiled code, so no call escapes by its spelling.
/// </summary>
public class PooledContextRuleTests
{
    private static readonly System.Reflection.Assembly[] Product =
        [Layers.Application, Layers.Api, typeof(VoiceTraining.Infrastructure.DependencyInjection).Assembly];

    [Fact]
    public void No_product_code_hands_a_context_another_connection()
    {
        var callers = Product.SelectMany(CallersOf(nameof(RelationalDatabaseFacadeExtensions.SetDbConnection))).ToList();

        callers.Should().BeEmpty("a context that needs another's connection and transaction shares that context instead (ScopeToOrganization switches its organization)");
    }

    [Fact]
    public void The_rule_sees_a_call_where_there_is_one() =>
        CallersOf(nameof(RelationalDatabaseFacadeExtensions.SetDbConnection))(typeof(PooledContextRuleTests).Assembly)
            .Should().Equal($"{typeof(PooledContextRuleTests).FullName}::{nameof(ACallForTheRuleToFind)}");

    /// <summary>The methods of an assembly whose bodies call a RelationalDatabaseFacadeExtensions method of that name.</summary>
    private static Func<System.Reflection.Assembly, IEnumerable<string>> CallersOf(string name) => assembly =>
    {
        using var module = ModuleDefinition.ReadModule(assembly.Location);
        return module.GetTypes()
            .SelectMany(t => t.Methods)
            .Where(m => m.HasBody && m.Body.Instructions.Any(i =>
                (i.OpCode == OpCodes.Call || i.OpCode == OpCodes.Callvirt) && i.Operand is MethodReference called
                && called.Name == name && called.DeclaringType.FullName == typeof(RelationalDatabaseFacadeExtensions).FullName))
            .Select(m => $"{m.DeclaringType.FullName}::{m.Name}")
            .ToList();
    };

    private static void ACallForTheRuleToFind(DbContext context) => context.Database.SetDbConnection(null);
}
