using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Domain.Integrations;
using Xunit.Abstractions;

namespace VoiceTraining.Api.IntegrationTests.Authorization;

/// <summary>
/// Organizations A and B with the API keys the matrix calls with, and every provider configured
/// (<see cref="AllProvidersFixture"/>), so that an allowed cell reaches its operation instead of a
/// "not configured" 503.
/// </summary>
public sealed class AuthorizationMatrixFixture : AllProvidersFixture
{
    public OrganizationKeys KeysA { get; private set; } = null!;
    public OrganizationKeys KeysB { get; private set; } = null!;
    public string RevokedKeyA { get; private set; } = "";

    protected override void Configure(IDictionary<string, string?> settings)
    {
        base.Configure(settings);
        // The matrix sends a few hundred requests per key at once; the limiter has its own tests.
        settings["RateLimiting:ApiKeyBurst"] = "100000";
        settings["RateLimiting:ApiKeyPerSecond"] = "100000";
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        KeysA = await KeysForAsync(OrgA);
        KeysB = await KeysForAsync(OrgB);
        RevokedKeyA = await WithDbAsync(db => TenantSeed.AddApiKeyAsync(db, OrgA, [ApiKeyScopes.Read, ApiKeyScopes.Write], revoked: true));
    }

    public async Task<OrganizationKeys> KeysForAsync(SeededOrganization org) => new(
        await WithDbAsync(db => TenantSeed.AddApiKeyAsync(db, org, [ApiKeyScopes.Read])),
        await WithDbAsync(db => TenantSeed.AddApiKeyAsync(db, org, [ApiKeyScopes.Write])));
}

public sealed record OrganizationKeys(string Read, string Write);

/// <summary>
/// Sends every cell of authorization-matrix.yaml (every documented operation × caller × own or
/// other organization, and every non-public operation × refused credential) and compares the
/// answer with the outcome the file expects. All differing cells are reported together.
/// </summary>
public sealed class AuthorizationMatrixTests(AuthorizationMatrixFixture fixture, ITestOutputHelper output) : IClassFixture<AuthorizationMatrixFixture>
{
    private static readonly AuthorizationMatrix Matrix = AuthorizationMatrix.Load();

    private SeededOrganization A => fixture.OrgA;
    private SeededOrganization B => fixture.OrgB;

    private enum Org
    {
        Own,
        Other,
    }

    /// <summary>One request to send and the outcome it must have. <see cref="Caller"/> is a column or a token state.</summary>
    private sealed record Cell(ApiOperation Operation, string Caller, Org Org, Outcome Expected)
    {
        public override string ToString() => $"{Operation.Key} as {Caller} ({Org.ToString().ToLowerInvariant()} organization)";
    }

    [Fact]
    public void Every_operation_of_openapi_yaml_has_a_row_and_every_row_an_operation()
    {
        var operations = ApiOperations.Of(ApiOperations.CheckedInDocument()).ToDictionary(o => o.Key);
        var problems = new List<string>();

        problems.AddRange(operations.Keys.Except(Matrix.Rows.Keys).Select(k => $"{k} is in openapi.yaml but has no row in {AuthorizationMatrix.FileName}: classify it"));
        problems.AddRange(Matrix.Rows.Keys.Except(operations.Keys).Select(k => $"{k} has a row in {AuthorizationMatrix.FileName} but is not in openapi.yaml"));
        foreach (var (key, row) in Matrix.Rows)
        {
            if (!operations.TryGetValue(key, out var operation)) continue;
            if (row.IsPublic == operation.IsSecured)
                problems.Add(row.IsPublic ? $"{key} is public in the matrix but documents a bearer requirement" : $"{key} needs credentials in the matrix but documents none");
            if (!row.IsPublic && (row.Other is not null) != NamesResource(operation))
                problems.Add(row.Other is null ? $"{key} names a resource: give its 'other' outcomes" : $"{key} names no resource: 'other' does not apply");
        }

        problems.Should().BeEmpty();
        Matrix.Columns.Should().Equal("admin", "manager", "trainee", "read-key", "write-key");
        Matrix.TokenStates.Should().Equal("no-token", "expired", "wrong-issuer", "bad-signature", "unknown-key", "unsigned", "revoked-key");
    }

    [Fact]
    public async Task Every_cell_answers_as_the_matrix_says()
    {
        var operations = ApiOperations.Of(ApiOperations.CheckedInDocument());
        var cells = operations.Where(o => Matrix.Rows.ContainsKey(o.Key)).SelectMany(CellsOf).ToList();
        var failures = new ConcurrentBag<string>();
        using var forgedKey = new SigningKey(fixture.Jwks.Current.KeyId);
        using var unknownKey = new SigningKey();
        var clock = Stopwatch.StartNew();

        await Parallel.ForEachAsync(cells, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (cell, _) =>
        {
            var failure = await CheckAsync(cell, forgedKey, unknownKey);
            if (failure is not null) failures.Add(failure);
        });

        output.WriteLine($"Authorization matrix: {cells.Count} cells over {cells.Select(c => c.Operation.Key).Distinct().Count()} operations "
            + $"({Matrix.Rows.Values.Count(r => r.IsPublic)} public) in {clock.Elapsed.TotalSeconds:F1} s; {failures.Count} failed.");
        failures.Order(StringComparer.Ordinal).Should().BeEmpty("every cell must answer as {0} says ({1} of {2} cells differ)", AuthorizationMatrix.FileName, failures.Count, cells.Count);
        cells.Count.Should().BeGreaterThan(Matrix.Rows.Count * Matrix.Columns.Count, "every row has a cell per caller and per refused credential");
    }

    private static IEnumerable<Cell> CellsOf(ApiOperation operation)
    {
        var row = Matrix.Rows[operation.Key];
        if (row.IsPublic)
        {
            yield return new Cell(operation, "no-token", Org.Own, Outcome.Public);
            yield break;
        }
        for (var column = 0; column < Matrix.Columns.Count; column++)
        {
            yield return new Cell(operation, Matrix.Columns[column], Org.Own, row.Own![column]);
            if (row.Other is not null) yield return new Cell(operation, Matrix.Columns[column], Org.Other, row.Other[column]);
        }
        foreach (var state in Matrix.TokenStates) yield return new Cell(operation, state, Org.Own, Outcome.Unauthorized);
    }

    /// <summary>An operation that names a resource of the caller's organization (a path or required query id).</summary>
    private static bool NamesResource(ApiOperation operation) =>
        operation.PathParameters.Any(p => !OperationRequests.NotTenantResources.ContainsKey(operation.CollectionBefore(p)))
        || operation.RequiredQueryParameters.Any(p => p.EndsWith("Id", StringComparison.Ordinal));

    /// <summary>Sends the cell's request; null when the answer is the expected one, else what differs.</summary>
    private async Task<string?> CheckAsync(Cell cell, SigningKey forgedKey, SigningKey unknownKey)
    {
        var operation = cell.Operation;
        var (target, caller) = await WorldAsync(cell);
        OperationRequest? filled;
        string? missing = null;
        if (Matrix.Rows[operation.Key].IsPublic)
            filled = new OperationRequest(operation.Template, operation.RequiresBody ? new { } : null, []);
        else
            filled = new OperationRequests(target, caller).For(operation, out missing);
        if (filled is null) return $"{cell}: cannot be sent ({missing})";

        using var request = filled.ToMessage(operation.Method);
        await AuthenticateAsync(request, cell.Caller, caller, forgedKey, unknownKey);
        var (answer, bytes) = await fixture.Anonymous().SendAndReadAsync(request);
        using var response = answer;
        var body = System.Text.Encoding.UTF8.GetString(bytes);

        if (!cell.Expected.Admits(response))
            return $"{cell}: expected {cell.Expected}, got {(int)response.StatusCode}: {Truncate(body)}";
        if ((int)response.StatusCode is 401 or 403 or 404 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            return $"{cell}: {(int)response.StatusCode} is not a problem (application/problem+json) but {response.Content.Headers.ContentType}";
        return null;
    }

    /// <summary>
    /// The organization whose ids the request carries and the caller's. Reads use A (and B as the
    /// other organization); a request that may change state gets a fresh organization as its
    /// target, so no cell's effect (a deletion, a deactivated member, a changed plan) reaches another.
    /// </summary>
    private async Task<(SeededOrganization Target, SeededOrganization Caller)> WorldAsync(Cell cell)
    {
        var refusedCredential = Matrix.TokenStates.Contains(cell.Caller);
        if (cell.Operation.IsSafe || refusedCredential || Matrix.Rows[cell.Operation.Key].IsPublic)
            return (A, cell.Org == Org.Own ? A : B);
        var fresh = await fixture.SeedOrganizationAsync("Matrix");
        return (fresh, cell.Org == Org.Own ? fresh : B);
    }

    private async Task AuthenticateAsync(HttpRequestMessage request, string caller, SeededOrganization org, SigningKey forgedKey, SigningKey unknownKey)
    {
        var now = DateTimeOffset.UtcNow;
        switch (caller)
        {
            case "admin": Bearer(fixture.TokenFor(org.Admin)); break;
            case "manager": Bearer(fixture.TokenFor(org.Manager)); break;
            case "trainee": Bearer(fixture.TokenFor(org.Trainee)); break;
            // Both ways a key may be sent: the read key in X-Api-Key, the write key as the bearer token.
            case "read-key": request.Headers.Add("X-Api-Key", (await KeysOf(org)).Read); break;
            case "write-key": Bearer((await KeysOf(org)).Write); break;
            case "no-token": break;
            case "expired": Bearer(fixture.TokenFor(org.Admin, t => t with { IssuedAt = now.AddMinutes(-20), NotBefore = now.AddMinutes(-20), Expires = now.AddMinutes(-5) })); break;
            case "wrong-issuer": Bearer(fixture.TokenFor(org.Admin, t => t with { Issuer = "https://clerk.attacker.example" })); break;
            // The issuer's key id, other key material: a forged signature.
            case "bad-signature": Bearer(fixture.TokenFor(org.Admin, t => t with { SignWith = forgedKey })); break;
            // A key id the issuer does not publish (the API looks its keys up again, then refuses).
            case "unknown-key": Bearer(fixture.TokenFor(org.Admin, t => t with { SignWith = unknownKey })); break;
            case "unsigned": Bearer(fixture.TokenFor(org.Admin, t => t with { Unsigned = true })); break;
            case "revoked-key": Bearer(fixture.RevokedKeyA); break;
            default: throw new ArgumentOutOfRangeException(nameof(caller), caller, "not a caller of the matrix");
        }

        void Bearer(string token) => request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    private Task<OrganizationKeys> KeysOf(SeededOrganization org) =>
        org == A ? Task.FromResult(fixture.KeysA) : org == B ? Task.FromResult(fixture.KeysB) : fixture.KeysForAsync(org);

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
