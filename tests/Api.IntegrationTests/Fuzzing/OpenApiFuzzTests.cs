using Microsoft.EntityFrameworkCore;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace VoiceTraining.Api.IntegrationTests.Fuzzing;

/// <summary>
/// Every operation of the served OpenAPI document, as the admin and without a token, gets a seeded
/// sample of malformed and mutated requests (see <see cref="Mutations"/>): none may answer 5xx, and
/// every 4xx must be an RFC 9457 problem, except Kestrel's own empty refusals of requests beyond its
/// hard limits. FUZZ_REQUESTS and FUZZ_SEED size and vary the run (bench/fuzz.sh sends 20,000);
/// FUZZ_REPORT names a file for the figures.
/// </summary>
public sealed class OpenApiFuzzTests(FuzzFixture fixture, ITestOutputHelper output) : IClassFixture<FuzzFixture>
{
    [Fact]
    public async Task Malformed_and_mutated_requests_to_every_operation_get_no_5xx_and_only_problem_details()
    {
        var settings = FuzzSettings.FromEnvironment();
        var operations = await OpenApiOperations.ReadAsync(fixture.Anonymous());
        var inboundBefore = await InboundRecordsAsync();
        var generator = new RequestGenerator(operations, new SeededIds(fixture.OrgA), settings.Seed);

        var report = await new FuzzRunner(generator, fixture.ClientFor(fixture.OrgA.Admin), fixture.Anonymous()).RunAsync(settings);

        var summary = report.Summary();
        output.WriteLine(summary);
        if (Environment.GetEnvironmentVariable("FUZZ_REPORT") is { Length: > 0 } path) await File.WriteAllTextAsync(path, summary);
        report.Passed.Should().BeTrue(summary + Environment.NewLine + "Recent errors:" + Environment.NewLine + string.Join(Environment.NewLine, ApiFactory.RecentErrors));
        report.Sent.Should().Be(settings.Requests);
        if (settings.Requests >= operations.Count * 2)
            report.OperationsCovered.Should().HaveCount(operations.Count * 2, "every operation is sent as the admin and without a token");
        (await InboundRecordsAsync()).Should().Be(inboundBefore, "no unsigned or badly signed provider webhook may store anything");
    }

    [Fact]
    public async Task The_generator_reads_every_operation_including_the_inbound_provider_webhooks()
    {
        var operations = await OpenApiOperations.ReadAsync(fixture.Anonymous());

        operations.Should().HaveCountGreaterThan(60);
        operations.Where(o => o.IsProviderWebhook).Select(o => o.Template).Should()
            .Contain(["/api/webhooks/clerk", "/api/webhooks/mailgun/inbound", "/api/webhooks/stripe", "/api/webhooks/vapi"]);
        operations.Should().Contain(o => o.BodySchema != null && o.Method == "POST" && o.Template == "/api/scenarios");
        operations.Should().Contain(o => o.QueryParameters.Any(p => p.Name == "pageSize"));
    }

    [Fact]
    public async Task The_same_seed_and_index_give_the_same_request()
    {
        var operations = await OpenApiOperations.ReadAsync(fixture.Anonymous());
        var ids = new SeededIds(fixture.OrgA);

        var first = Enumerable.Range(0, 300).Select(i => new RequestGenerator(operations, ids, 7).Generate(i).Describe()).ToList();
        var again = Enumerable.Range(0, 300).Select(i => new RequestGenerator(operations, ids, 7).Generate(i).Describe()).ToList();
        var otherSeed = Enumerable.Range(0, 300).Select(i => new RequestGenerator(operations, ids, 8).Generate(i).Describe()).ToList();

        again.Should().Equal(first);
        otherSeed.Should().NotEqual(first);
    }

    /// <summary>What an authentic provider webhook would have written: the inbound ledger and identity events.</summary>
    private Task<string> InboundRecordsAsync() => fixture.WithDbAsync(async db =>
        $"{await db.ProcessedInboundEvents.IgnoreQueryFilters().CountAsync()}/{await db.PendingIdentityEvents.IgnoreQueryFilters().CountAsync()}/{await db.VoiceUsageRecords.IgnoreQueryFilters().CountAsync()}");
}
