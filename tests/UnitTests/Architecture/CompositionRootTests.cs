using NetArchTest.Rules;

namespace VoiceTraining.UnitTests.Architecture;

/// <summary>In the Api project only the composition root (Program.cs) names Infrastructure: everything else goes through Application.</summary>
public class CompositionRootTests
{
    // The top-level statements (compiled into Program) and ApiComposition wire the layers together.
    private static readonly string[] CompositionRoot = ["Program", "ApiComposition"];

    private static bool InCompositionRoot(Type type)
    {
        for (var t = type; t is not null; t = t.DeclaringType)
            if (CompositionRoot.Contains(t.Name)) return true;
        return false;
    }

    [Fact]
    public void Only_the_composition_root_of_the_api_depends_on_infrastructure()
    {
        var result = Types.InAssembly(Layers.Api).ShouldNot().HaveDependencyOn("VoiceTraining.Infrastructure").GetResult();
        var offenders = (result.FailingTypes ?? []).Where(t => !InCompositionRoot(t)).Select(t => t.FullName);
        offenders.Should().BeEmpty("Api code reaches Infrastructure only through Application's ports; the composition root registers the adapters");
    }

    [Fact]
    public void The_composition_root_is_where_infrastructure_is_wired()
    {
        // Guards the exclusion above: if the root stopped naming Infrastructure, the names would be stale.
        var result = Types.InAssembly(Layers.Api).ShouldNot().HaveDependencyOn("VoiceTraining.Infrastructure").GetResult();
        (result.FailingTypes ?? []).Should().Contain(t => InCompositionRoot(t));
    }
}
