using System.Text.RegularExpressions;
using MediatR;
using NetArchTest.Rules;

namespace VoiceTraining.UnitTests.Architecture;

/// <summary>Request handlers are an implementation detail of their use case, one to a file.</summary>
public partial class RequestHandlerTests
{
    private static bool IsRequestHandler(Type type) =>
        type is { IsClass: true, IsAbstract: false }
        && type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequestHandler<,>));

    private static readonly IReadOnlyList<Type> Handlers = [.. Layers.Application.GetTypes().Where(IsRequestHandler)];

    [Fact]
    public void Request_handlers_are_not_public()
    {
        var selected = Types.InAssembly(Layers.Application).That().ImplementInterface(typeof(IRequestHandler<,>));
        selected.GetTypes().Should().BeEquivalentTo(Handlers, "the rule must see every handler, or it checks nothing");
        selected.ShouldNot().BePublic().GetResult()
            .ShouldPass("callers send the command or query through the mediator; the handler is not part of the API");
    }

    [GeneratedRegex(@"\b(?:class|record|struct)\s+(?<name>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex TypeDeclaration();

    /// <summary>The handler classes each source file of Application declares (NetArchTest sees types, not files).</summary>
    internal static IReadOnlyDictionary<string, IReadOnlyList<string>> HandlersByFile(string applicationSource)
    {
        var handlerNames = Handlers.Select(h => h.Name).ToHashSet(StringComparer.Ordinal);
        return Directory.EnumerateFiles(applicationSource, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .ToDictionary(
                f => Path.GetRelativePath(applicationSource, f),
                f => (IReadOnlyList<string>)[.. TypeDeclaration().Matches(File.ReadAllText(f)).Select(m => m.Groups["name"].Value).Where(handlerNames.Contains)]);
    }

    [Fact]
    public void Each_source_file_declares_at_most_one_request_handler()
    {
        var byFile = HandlersByFile(Path.Combine(LayerDependencyTests.RepositoryRoot(), "src", "Application"));

        byFile.Values.SelectMany(names => names).Should().BeEquivalentTo(Handlers.Select(h => h.Name),
            "every handler of the assembly is found in exactly one source file, so the scan misses none");
        byFile.Where(f => f.Value.Count > 1).Select(f => $"{f.Key}: {string.Join(", ", f.Value)}").Should()
            .BeEmpty("one use case per file: its command or query, its handler (and its validator beside it)");
    }
}
