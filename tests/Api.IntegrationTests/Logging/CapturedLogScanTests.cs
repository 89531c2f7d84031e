using System.Net;
using System.Text;
using VoiceTraining.Api.IntegrationTests.Infrastructure;

namespace VoiceTraining.Api.IntegrationTests.Logging;

/// <summary>
/// No secret or token in the logs. Every API instance of the test run archives what it logs at
/// Information and above (<see cref="LogArchive"/>); these tests scan it. <c>make test</c> runs the
/// whole suite with TEST_LOG_DIR set and then runs this class again with LOG_SCAN_DIR naming that
/// folder, so the last scan covers the logs of the entire run, every test process.
/// </summary>
public sealed class CapturedLogScanTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Credentials_sent_with_refused_requests_are_not_logged()
    {
        using var strangerKey = new SigningKey("stranger-key");
        var a = fixture.OrgA;
        var presented = new List<string>
        {
            fixture.Jwks.CreateToken(new TokenSpec { Subject = a.Admin.ExternalUserId, OrgId = a.Admin.OrgClaim, Role = "org:admin", SignWith = strangerKey }),
            fixture.TokenFor(a.Admin, t => t with { Expires = DateTimeOffset.UtcNow.AddHours(-2), IssuedAt = DateTimeOffset.UtcNow.AddHours(-3), NotBefore = DateTimeOffset.UtcNow.AddHours(-3) }),
            fixture.TokenFor(a.Admin, t => t with { Issuer = "https://issuer.example.test" }),
            "vtk_0197aabbccddeeff_" + new string('q', 40),
        };
        foreach (var token in presented)
        {
            using var response = await fixture.ClientWithToken(token).GetAsync("/api/scenarios");
            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        // A provider webhook with a wrong secret, whose body carries a token-shaped value.
        using var webhook = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/vapi")
        {
            Content = new StringContent("{\"message\":{\"type\":\"end-of-call-report\",\"token\":\"" + presented[0] + "\"}}", Encoding.UTF8, "application/json"),
        };
        webhook.Headers.Add("X-Vapi-Secret", "wrong-" + ApiFactory.WebhookSecret);
        using (var answer = await fixture.Anonymous().SendAsync(webhook)) answer.StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        // A request that succeeds, with a valid token, logs its use case and the framework's lines.
        using (var ok = await fixture.ClientFor(a.Admin).GetAsync("/api/scenarios")) ok.StatusCode.Should().Be(HttpStatusCode.OK);

        LogArchive.Flush();
        var lines = ReadLogs(LogArchive.Directory, onlyThisProcess: true);
        lines.Should().Contain(l => l.Contains("GET") && l.Contains("/api/scenarios"),
            "the archive must hold this test's requests at Information level, or the scan below proves nothing");

        var scanner = new SecretScanner(ReadSecrets(LogArchive.Directory).Concat(presented).Append("wrong-" + ApiFactory.WebhookSecret));
        Findings(scanner, lines).Should().BeEmpty();
    }

    [Fact]
    public void The_runs_logs_hold_no_secrets_or_tokens()
    {
        // LOG_SCAN_DIR: the whole run's folder (make test); otherwise what this process logged so far.
        var folder = Environment.GetEnvironmentVariable("LOG_SCAN_DIR");
        var onlyThisProcess = string.IsNullOrWhiteSpace(folder);
        if (onlyThisProcess) LogArchive.Flush();
        folder = onlyThisProcess ? LogArchive.Directory : Path.GetFullPath(folder!);

        Directory.Exists(folder).Should().BeTrue($"LOG_SCAN_DIR names {folder}, which must hold the run's logs");
        var lines = ReadLogs(folder, onlyThisProcess);
        if (!onlyThisProcess) lines.Count.Should().BeGreaterThan(1000, "a full run logs thousands of lines; fewer means the logs were not captured");

        var findings = Findings(new SecretScanner(ReadSecrets(folder)), lines);
        findings.Should().BeEmpty($"{lines.Count} log lines in {folder} were scanned");
    }

    [Theory]
    [InlineData("Token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyXzEyMyJ9.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWc refused", "JWT")]
    [InlineData("Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345", "bearer credential")]
    [InlineData("key vtk_0197aabbccdd_AbCdEfGhIjKlMnOpQrStUv used", "API key")]
    [InlineData("secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw rotated", "webhook signing secret")]
    [InlineData("stripe sk_test_51Habcdefghij", "Stripe secret key")]
    [InlineData("resend re_abcdefgh_ijklmnopqrstuv", "Resend API key")]
    [InlineData("mailgun key-0123456789abcdef0123456789abcdef", "Mailgun API key")]
    [InlineData("Host=db;Username=app;Password=hunter22;Database=vt", "connection-string password")]
    [InlineData("postgresql://app:hunter22@db:5432/vt", "URL credentials")]
    [InlineData("configured value test-webhook-secret-7f3a seen", "configured secret")]
    public void The_scanner_finds_each_kind_of_credential(string line, string kind)
    {
        var scanner = new SecretScanner([ApiFactory.WebhookSecret]);

        scanner.Scan(line).Select(f => f.Kind).Should().Contain(kind);
    }

    [Theory]
    [InlineData("API key vtk_0197aabbccdd revoked by admin")] // the key's public id, not its secret
    [InlineData("Request starting HTTP/1.1 GET http://127.0.0.1:41234/api/scenarios?pageSize=50")]
    [InlineData("Bearer was not authenticated. Failure message: IDX10511: Signature validation failed. token: '[PII of type 'System.String' is hidden.]'")]
    [InlineData("Host=db;Username=app;Password=;Database=vt")]
    [InlineData("Webhook delivery 0197aabb-ccdd-7eef-8000-0123456789ab to https://hooks.example.test/in failed: 503")]
    public void The_scanner_passes_ordinary_log_lines(string line)
    {
        new SecretScanner([ApiFactory.WebhookSecret]).Scan(line).Should().BeEmpty();
    }

    private static List<string> Findings(SecretScanner scanner, IReadOnlyList<string> lines) =>
        lines.SelectMany((line, i) => scanner.Scan(line).Select(f => $"line {i + 1}: {f.Kind} {f.Excerpt} in \"{Shorten(line)}\""))
            .Take(50)
            .ToList();

    private static string Shorten(string line) => line.Length <= 240 ? line : line[..240] + "…";

    private static List<string> ReadLogs(string folder, bool onlyThisProcess)
    {
        var pattern = onlyThisProcess ? $"api-{Environment.ProcessId}.log" : "api-*.log";
        var lines = new List<string>();
        foreach (var file in Directory.EnumerateFiles(folder, pattern))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            while (reader.ReadLine() is { } line) lines.Add(line);
        }
        return lines;
    }

    private static IEnumerable<string> ReadSecrets(string folder) =>
        Directory.EnumerateFiles(folder, "secrets-*.txt").SelectMany(File.ReadAllLines).Where(l => l.Length > 0);
}
