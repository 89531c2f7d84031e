using System.Reflection;
using System.Xml.Linq;

namespace VoiceTraining.UnitTests.Architecture;

/// <summary>Inner layers never depend on outer ones: Domain → nothing; Application → Domain only.</summary>
public class LayerDependencyTests
{
    private static readonly Assembly Domain = typeof(VoiceTraining.Domain.Common.Entity).Assembly;
    private static readonly Assembly Application = typeof(VoiceTraining.Application.DependencyInjection).Assembly;
    private static readonly Assembly Infrastructure = typeof(VoiceTraining.Infrastructure.DependencyInjection).Assembly;

    private static bool IsFramework(AssemblyName name) =>
        name.Name is "netstandard" or "mscorlib"
        || name.Name!.StartsWith("System", StringComparison.Ordinal)
        || name.Name.StartsWith("Microsoft.Win32", StringComparison.Ordinal);

    [Fact]
    public void Domain_references_only_the_base_class_library()
    {
        var references = Domain.GetReferencedAssemblies().Where(a => !IsFramework(a)).Select(a => a.Name);
        references.Should().BeEmpty("the domain references nothing");
    }

    [Fact]
    public void Application_references_no_outer_layer_and_no_infrastructure_package()
    {
        var references = Application.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        references.Should().NotContain(n => n.StartsWith("VoiceTraining.", StringComparison.Ordinal) && n != "VoiceTraining.Domain");
        references.Should().NotContain(n => n.StartsWith("Npgsql", StringComparison.Ordinal) || n.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }

    [Fact]
    public void Infrastructure_does_not_reference_the_api()
    {
        Infrastructure.GetReferencedAssemblies().Select(a => a.Name).Should().NotContain("VoiceTraining.Api");
    }

    // Assembly references only list what the compiled code uses; project files show intent too.
    [Theory]
    [InlineData("src/Domain/VoiceTraining.Domain.csproj", new string[0])]
    [InlineData("src/Application/VoiceTraining.Application.csproj", new[] { "VoiceTraining.Domain" })]
    [InlineData("src/Infrastructure/VoiceTraining.Infrastructure.csproj", new[] { "VoiceTraining.Application" })]
    public void Project_references_point_inward(string project, string[] allowed)
    {
        var xml = XDocument.Load(Path.Combine(RepositoryRoot(), project));
        var references = xml.Descendants("ProjectReference")
            .Select(e => Path.GetFileNameWithoutExtension(e.Attribute("Include")!.Value.Replace('\\', '/')))
            .ToList();
        references.Should().BeSubsetOf(allowed);
        if (project.Contains("Domain", StringComparison.Ordinal))
            xml.Descendants("PackageReference").Should().BeEmpty("the domain takes no packages");
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "VoiceTraining.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }
}
