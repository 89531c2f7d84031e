using System.Globalization;
using System.Net;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace VoiceTraining.Api.IntegrationTests.Authorization;

/// <summary>The expected answer of one cell, as authorization-matrix.yaml words it.</summary>
public sealed record Outcome(string Name)
{
    public static readonly Outcome Allow = new("allow");
    public static readonly Outcome Public = new("public");
    public static readonly Outcome Unauthorized = new("401");

    /// <summary>Statuses an operation answers once it was reached, when it refuses the request for its content or state.</summary>
    private static readonly HashSet<HttpStatusCode> RefusedForContent = [HttpStatusCode.BadRequest, HttpStatusCode.Conflict, HttpStatusCode.UnprocessableEntity];

    public static Outcome Parse(string text) => text switch
    {
        "allow" => Allow,
        "public" => Public,
        "401" or "403" or "404" => new Outcome(text),
        _ => throw new FormatException($"'{text}' is not an outcome (allow, public, 401, 403 or 404)."),
    };

    public bool Admits(HttpResponseMessage response)
    {
        var status = response.StatusCode;
        var code = (int)status;
        if (this == Allow) return code is >= 200 and < 300 || RefusedForContent.Contains(status);
        if (this == Public)
        {
            // A provider's webhook may answer 401 for a missing signature; what may not happen is a bearer challenge.
            var bearerChallenge = status == HttpStatusCode.Unauthorized && response.Headers.WwwAuthenticate.Any(h => h.Scheme == "Bearer");
            return !bearerChallenge && status != HttpStatusCode.Forbidden && code < 500;
        }
        return code == int.Parse(Name, CultureInfo.InvariantCulture);
    }

    public override string ToString() => Name;
}

/// <summary>One operation's row: public, or the outcomes by caller in the own and (when it names a resource) another organization.</summary>
public sealed record MatrixRow(string Operation, bool IsPublic, IReadOnlyList<Outcome>? Own, IReadOnlyList<Outcome>? Other);

/// <summary>authorization-matrix.yaml: who may call what (see the comments at the top of the file).</summary>
public sealed class AuthorizationMatrix
{
    public const string FileName = "authorization-matrix.yaml";

    /// <summary>The callers, in the order of the outcome lists.</summary>
    public required IReadOnlyList<string> Columns { get; init; }

    /// <summary>Credentials every non-public operation answers 401 for.</summary>
    public required IReadOnlyList<string> TokenStates { get; init; }

    public required IReadOnlyDictionary<string, MatrixRow> Rows { get; init; }

    public static AuthorizationMatrix Load()
    {
        var path = Path.Combine(ApiOperations.RepositoryRoot(), "tests", "Api.IntegrationTests", "Authorization", FileName);
        var yaml = new YamlStream();
        using (var reader = new StreamReader(path)) yaml.Load(reader);
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;

        var columns = Strings(root["columns"]);
        var rows = new Dictionary<string, MatrixRow>(StringComparer.Ordinal);
        foreach (var (key, value) in ((YamlMappingNode)root["operations"]).Children)
        {
            var operation = ((YamlScalarNode)key).Value!;
            rows[operation] = value switch
            {
                YamlScalarNode { Value: "public" } => new MatrixRow(operation, true, null, null),
                YamlMappingNode cells => new MatrixRow(operation, false, Outcomes(cells, "own", operation, columns.Count)!, Outcomes(cells, "other", operation, columns.Count)),
                _ => throw new FormatException($"{FileName}: {operation} must be 'public' or {{ own: [...], other: [...] }}."),
            };
        }
        return new AuthorizationMatrix { Columns = columns, TokenStates = Strings(root["token-states"]), Rows = rows };
    }

    private static List<Outcome>? Outcomes(YamlMappingNode cells, string org, string operation, int count)
    {
        if (!cells.Children.TryGetValue(new YamlScalarNode(org), out var node))
            return org == "own" ? throw new FormatException($"{FileName}: {operation} has no 'own' outcomes.") : null;
        var outcomes = Strings(node).Select(Outcome.Parse).ToList();
        if (outcomes.Count != count) throw new FormatException($"{FileName}: {operation} {org} has {outcomes.Count} outcomes for {count} callers.");
        if (outcomes.Contains(Outcome.Public)) throw new FormatException($"{FileName}: {operation} {org}: 'public' is a whole row, not a cell.");
        return outcomes;
    }

    private static List<string> Strings(YamlNode node) => ((YamlSequenceNode)node).Children.Select(c => ((YamlScalarNode)c).Value!).ToList();
}
