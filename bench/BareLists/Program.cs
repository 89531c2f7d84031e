using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

// The ceiling for bench/lists.sh: Kestrel and one NpgsqlDataSource, nothing between them. Each
// route takes one pooled connection, switches it to the tenant role and organization with the
// statement the API's TenantSession sends when a connection opens, runs the statements the API
// runs for the same request (copied from its EF command log, parameters and all), and writes JSON
// of the same shape (camelCase names, snake_case enum values, nulls written) with Utf8JsonWriter.
//
// It serves exactly the requests the benchmark sends, as the manager the benchmark signs in as:
//   GET /api/scenarios?pageSize=N[&page=P]
//   GET /api/attempts?status=completed&pageSize=N[&page=P]
//   GET /api/leaderboard
// Anything else is 400; a missing or different bearer string is 401.
//
// Settings (command line --Bare:Name=value, or environment Bare__Name):
//   Bare:OrgId, Bare:MemberId  the organization and the member (a manager) the requests act for
//   Bare:Token                 the bearer string clients must send
//   DATABASE_URL               as the API reads it (URL or Npgsql keywords)
//   ASPNETCORE_URLS            where to listen

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var config = builder.Configuration;
var orgId = Guid.Parse(config["Bare:OrgId"] ?? throw new InvalidOperationException("Set Bare:OrgId."));
var memberId = Guid.Parse(config["Bare:MemberId"] ?? throw new InvalidOperationException("Set Bare:MemberId."));
var token = config["Bare:Token"] is { Length: > 0 } t ? t : throw new InvalidOperationException("Set Bare:Token.");
var connectionString = Sql.ConnectionString(config["DATABASE_URL"] ?? throw new InvalidOperationException("Set DATABASE_URL."));

await using var dataSource = NpgsqlDataSource.Create(connectionString);
var tenant = new Tenant(orgId, memberId);
var expectedAuthorization = "Bearer " + token;

var app = builder.Build();

app.MapGet("/api/scenarios", (HttpContext context) =>
    Authorized(context) && Paging.TryRead(context.Request.Query, out var page, out var pageSize)
        ? Lists.ScenariosAsync(context, dataSource, tenant, page, pageSize)
        : Refuse(context));

app.MapGet("/api/attempts", (HttpContext context) =>
{
    var query = context.Request.Query;
    // The benchmark's filter only: another filter would be another statement.
    var completedOnly = string.Equals(query["status"], "completed", StringComparison.Ordinal);
    return Authorized(context) && completedOnly && Paging.TryRead(query, out var page, out var pageSize, filter: "status")
        ? Lists.CompletedAttemptsAsync(context, dataSource, tenant, page, pageSize)
        : Refuse(context);
});

app.MapGet("/api/leaderboard", (HttpContext context) =>
    Authorized(context) && context.Request.Query.Count == 0
        ? Lists.LeaderboardAsync(context, dataSource, tenant)
        : Refuse(context));

await app.RunAsync();

bool Authorized(HttpContext context) =>
    string.Equals(context.Request.Headers.Authorization.ToString(), expectedAuthorization, StringComparison.Ordinal);

Task Refuse(HttpContext context)
{
    context.Response.StatusCode = Authorized(context) ? StatusCodes.Status400BadRequest : StatusCodes.Status401Unauthorized;
    return Task.CompletedTask;
}

/// <summary>Who every request acts for.</summary>
internal sealed record Tenant(Guid OrgId, Guid MemberId);

internal static class Paging
{
    public const int MaxPageSize = 100;

    /// <summary>page (default 1) and pageSize (1–100, default 20), as the API's validator allows.</summary>
    public static bool TryRead(IQueryCollection query, out int page, out int pageSize, string? filter = null)
    {
        page = 1;
        pageSize = 20;
        foreach (var (key, value) in query)
        {
            if (key == "page" && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p >= 1) page = p;
            else if (key == "pageSize" && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s is >= 1 and <= MaxPageSize) pageSize = s;
            else if (key != filter) return false;
        }
        return true;
    }
}

internal static class Sql
{
    // --- the API's statements -------------------------------------------------------------------
    // Sent once per connection open by TenantSession (src/Infrastructure/Data/TenantSession.cs).
    public const string SwitchTenant = "SELECT set_config('role', $1, false), set_config('app.org_id', $2, false)";
    public const string TenantRole = "voicetraining_tenant";

    // GET /api/scenarios?pageSize=50 as a manager (no status filter for managers and admins).
    public const string ScenariosCount = """
        SELECT count(*)::int
        FROM scenarios AS s
        WHERE s.org_id = @ef_filter__TenantId
        """;

    public const string ScenariosPage = """
        SELECT s0.id AS "Id", s0.title AS "Title", s0.description AS "Description", s0.status AS "Status", s0.persona_id AS "PersonaId", p0.name AS "PersonaName", s0.passing_threshold AS "PassingThreshold", s0.created_at AS "CreatedAt", s0.updated_at AS "UpdatedAt", s0.published_at AS "PublishedAt", p0.difficulty AS "Difficulty"
        FROM (
            SELECT s.id, s.created_at, s.description, s.passing_threshold, s.persona_id, s.published_at, s.status, s.title, s.updated_at
            FROM scenarios AS s
            WHERE s.org_id = @ef_filter__TenantId
            ORDER BY s.created_at DESC, s.id DESC
            LIMIT @p1 OFFSET @p
        ) AS s0
        INNER JOIN (
            SELECT p.id, p.difficulty, p.name
            FROM personas AS p
            WHERE p.org_id = @ef_filter__TenantId
        ) AS p0 ON s0.persona_id = p0.id
        ORDER BY s0.created_at DESC, s0.id DESC
        """;

    // GET /api/attempts?status=completed&pageSize=50 as a manager: own attempts, the team's, and
    // those on assignments the manager made (AttemptVisibility).
    public const string AttemptsCount = """
        SELECT count(*)::int
        FROM scenario_attempts AS s
        WHERE s.org_id = @ef_filter__TenantId AND (s.member_id = @me OR EXISTS (
            SELECT 1
            FROM members AS m
            WHERE m.org_id = @ef_filter__TenantId AND m.id = s.member_id AND m.manager_id = @me1) OR EXISTS (
            SELECT 1
            FROM assignments AS a
            WHERE a.org_id = @ef_filter__TenantId AND a.id = s.assignment_id AND a.assigned_by_id = @me1)) AND s.status = @status
        """;

    public const string AttemptsPage = """
        SELECT s0.id AS "Id", s0.member_id AS "MemberId", m1.name AS "MemberName", s0.scenario_id AS "ScenarioId", s2.title AS "ScenarioTitle", s0.assignment_id AS "AssignmentId", s0.status AS "Status", s0.started_at AS "StartedAt", s0.ended_at AS "EndedAt", s0.duration_seconds AS "DurationSeconds", s0.score AS "Score", s0.created_at AS "CreatedAt"
        FROM (
            SELECT s.id, s.assignment_id, s.created_at, s.duration_seconds, s.ended_at, s.member_id, s.scenario_id, s.score, s.started_at, s.status
            FROM scenario_attempts AS s
            WHERE s.org_id = @ef_filter__TenantId AND (s.member_id = @me OR EXISTS (
                SELECT 1
                FROM members AS m
                WHERE m.org_id = @ef_filter__TenantId AND m.id = s.member_id AND m.manager_id = @me1) OR EXISTS (
                SELECT 1
                FROM assignments AS a
                WHERE a.org_id = @ef_filter__TenantId AND a.id = s.assignment_id AND a.assigned_by_id = @me1)) AND s.status = @status
            ORDER BY s.created_at DESC, s.id DESC
            LIMIT @p7 OFFSET @p
        ) AS s0
        INNER JOIN (
            SELECT m0.id, m0.name
            FROM members AS m0
            WHERE m0.org_id = @ef_filter__TenantId
        ) AS m1 ON s0.member_id = m1.id
        INNER JOIN (
            SELECT s1.id, s1.title
            FROM scenarios AS s1
            WHERE s1.org_id = @ef_filter__TenantId
        ) AS s2 ON s0.scenario_id = s2.id
        ORDER BY s0.created_at DESC, s0.id DESC
        """;

    // GET /api/leaderboard (period month): the rows; grouping, ranking and the KPI averages are
    // computed by the caller, as the API's handler does.
    public const string Leaderboard = """
        SELECT s.member_id AS "MemberId", m0.name AS "MemberName", s.score AS "Score", s.kpis AS "Kpis"
        FROM scenario_attempts AS s
        INNER JOIN (
            SELECT m.id, m.name
            FROM members AS m
            WHERE m.org_id = @ef_filter__TenantId
        ) AS m0 ON s.member_id = m0.id
        WHERE s.org_id = @ef_filter__TenantId AND s.status = 'Completed' AND s.score IS NOT NULL AND s.ended_at >= @from
        """;

    /// <summary>
    /// DATABASE_URL read as the API reads it (DatabaseUrl), with its default of automatic
    /// preparation (Max Auto Prepare=50 unless the URL says otherwise), so both programs talk to
    /// PostgreSQL the same way.
    /// </summary>
    public static string ConnectionString(string value)
    {
        value = value.Trim();
        NpgsqlConnectionStringBuilder builder;
        if (!value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            && !value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            builder = new NpgsqlConnectionStringBuilder(value);
        }
        else
        {
            var uri = new Uri(value);
            builder = new NpgsqlConnectionStringBuilder
            {
                Host = uri.Host,
                Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
                Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
            };
            if (!string.IsNullOrEmpty(uri.UserInfo))
            {
                var parts = uri.UserInfo.Split(':', 2);
                builder.Username = Uri.UnescapeDataString(parts[0]);
                if (parts.Length == 2) builder.Password = Uri.UnescapeDataString(parts[1]);
            }
            foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var kv = pair.Split('=', 2);
                var key = Uri.UnescapeDataString(kv[0]);
                builder[key.Equals("sslmode", StringComparison.OrdinalIgnoreCase) ? "SSL Mode" : key] = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "";
            }
        }
        var text = builder.ConnectionString;
        if (!text.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase)) builder.MaxAutoPrepare = 50;
        return builder.ConnectionString;
    }

    /// <summary>A pooled connection switched to the tenant, as the API's connection is when it opens.</summary>
    public static async Task<NpgsqlConnection> OpenForAsync(NpgsqlDataSource dataSource, Tenant tenant, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(SwitchTenant, connection)
            {
                Parameters = { new() { Value = TenantRole }, new() { Value = tenant.OrgId.ToString() } },
            };
            await command.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public static NpgsqlCommand Command(string sql, NpgsqlConnection connection, Tenant tenant)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter("ef_filter__TenantId", NpgsqlDbType.Uuid) { Value = tenant.OrgId });
        return command;
    }

    public static void AddManager(NpgsqlCommand command, Tenant tenant)
    {
        command.Parameters.Add(new NpgsqlParameter("me", NpgsqlDbType.Uuid) { Value = tenant.MemberId });
        command.Parameters.Add(new NpgsqlParameter("me1", NpgsqlDbType.Uuid) { Value = tenant.MemberId });
    }

    /// <summary>The total when the page read (up to one row past it) shows it is the last one; null when the rows must be counted.</summary>
    public static int? TotalWithoutCount(int rows, int page, int pageSize) =>
        rows <= pageSize && (rows > 0 || page == 1) ? (page - 1) * pageSize + rows : null;

    /// <summary>One row more than the page, as the API's paging asks for (Paging.ToPageAsync).</summary>
    public static void AddPage(NpgsqlCommand command, string limitName, int page, int pageSize)
    {
        command.Parameters.Add(new NpgsqlParameter(limitName, NpgsqlDbType.Integer) { Value = pageSize + 1 });
        command.Parameters.Add(new NpgsqlParameter("p", NpgsqlDbType.Integer) { Value = (page - 1) * pageSize });
    }
}

internal static class Lists
{
    private const string JsonContentType = "application/json; charset=utf-8";

    public static async Task ScenariosAsync(HttpContext context, NpgsqlDataSource dataSource, Tenant tenant, int page, int pageSize)
    {
        var ct = context.RequestAborted;
        await using var connection = await Sql.OpenForAsync(dataSource, tenant, ct);
        var output = new ArrayBufferWriter<byte>(32 * 1024);
        await using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            json.WriteStartArray("items");
            var rows = 0;
            await using (var command = Sql.Command(Sql.ScenariosPage, connection, tenant))
            {
                Sql.AddPage(command, "p1", page, pageSize);
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct) && ++rows <= pageSize)
                {
                    json.WriteStartObject();
                    json.WriteString("id", reader.GetGuid(0));
                    json.WriteString("title", reader.GetString(1));
                    json.WriteString("description", reader.GetString(2));
                    json.WriteString("status", Enums.SnakeCase(reader.GetString(3)));
                    json.WriteString("personaId", reader.GetGuid(4));
                    json.WriteString("personaName", reader.GetString(5));
                    json.WriteString("difficulty", Enums.SnakeCase(reader.GetString(10)));
                    json.WriteNumber("passingThreshold", reader.GetInt32(6));
                    json.WriteString("createdAt", reader.GetFieldValue<DateTimeOffset>(7));
                    json.WriteString("updatedAt", reader.GetFieldValue<DateTimeOffset>(8));
                    Write(json, "publishedAt", reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9));
                    json.WriteEndObject();
                }
            }
            json.WriteEndArray();
            var total = Sql.TotalWithoutCount(rows, page, pageSize);
            if (total is null)
            {
                await using var count = Sql.Command(Sql.ScenariosCount, connection, tenant);
                total = (int)(await count.ExecuteScalarAsync(ct))!;
            }
            WritePaging(json, page, pageSize, total.Value);
            json.WriteEndObject();
        }
        await SendAsync(context, output, ct);
    }

    public static async Task CompletedAttemptsAsync(HttpContext context, NpgsqlDataSource dataSource, Tenant tenant, int page, int pageSize)
    {
        var ct = context.RequestAborted;
        await using var connection = await Sql.OpenForAsync(dataSource, tenant, ct);
        var output = new ArrayBufferWriter<byte>(32 * 1024);
        await using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            json.WriteStartArray("items");
            var rows = 0;
            await using (var command = Sql.Command(Sql.AttemptsPage, connection, tenant))
            {
                Sql.AddManager(command, tenant);
                command.Parameters.Add(new NpgsqlParameter("status", "Completed"));
                Sql.AddPage(command, "p7", page, pageSize);
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct) && ++rows <= pageSize)
                {
                    json.WriteStartObject();
                    json.WriteString("id", reader.GetGuid(0));
                    json.WriteString("memberId", reader.GetGuid(1));
                    json.WriteString("memberName", reader.GetString(2));
                    json.WriteString("scenarioId", reader.GetGuid(3));
                    json.WriteString("scenarioTitle", reader.GetString(4));
                    if (reader.IsDBNull(5)) json.WriteNull("assignmentId");
                    else json.WriteString("assignmentId", reader.GetGuid(5));
                    json.WriteString("status", Enums.SnakeCase(reader.GetString(6)));
                    Write(json, "startedAt", reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7));
                    Write(json, "endedAt", reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8));
                    Write(json, "durationSeconds", reader.IsDBNull(9) ? null : reader.GetInt32(9));
                    Write(json, "score", reader.IsDBNull(10) ? null : reader.GetInt32(10));
                    json.WriteString("createdAt", reader.GetFieldValue<DateTimeOffset>(11));
                    json.WriteEndObject();
                }
            }
            json.WriteEndArray();
            var total = Sql.TotalWithoutCount(rows, page, pageSize);
            if (total is null)
            {
                await using var count = Sql.Command(Sql.AttemptsCount, connection, tenant);
                Sql.AddManager(count, tenant);
                count.Parameters.Add(new NpgsqlParameter("status", "Completed"));
                total = (int)(await count.ExecuteScalarAsync(ct))!;
            }
            WritePaging(json, page, pageSize, total.Value);
            json.WriteEndObject();
        }
        await SendAsync(context, output, ct);
    }

    public static async Task LeaderboardAsync(HttpContext context, NpgsqlDataSource dataSource, Tenant tenant)
    {
        var ct = context.RequestAborted;
        // Period month, as the API's default: completed attempts that ended in the last 30 days.
        var from = DateTimeOffset.UtcNow.AddDays(-30);
        var members = new Dictionary<(Guid Id, string Name), MemberTotals>();
        await using (var connection = await Sql.OpenForAsync(dataSource, tenant, ct))
        await using (var command = Sql.Command(Sql.Leaderboard, connection, tenant))
        {
            command.Parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.TimestampTz) { Value = from });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var key = (reader.GetGuid(0), reader.GetString(1));
                if (!members.TryGetValue(key, out var totals)) members[key] = totals = new MemberTotals();
                totals.Add(reader.GetInt32(2), reader.GetString(3));
            }
        }

        // The handler's order: best score, average score, attempts (all descending), then the name.
        var ranked = members
            .Select(m => (m.Key.Id, m.Key.Name, Best: m.Value.Best, Average: Math.Round(m.Value.AverageScore, 1), m.Value.Count, Totals: m.Value))
            .OrderByDescending(e => e.Best).ThenByDescending(e => e.Average).ThenByDescending(e => e.Count)
            .ThenBy(e => e.Name, StringComparer.Ordinal)
            .ToList();

        var output = new ArrayBufferWriter<byte>(4 * 1024);
        await using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            json.WriteString("period", "month");
            json.WriteString("from", from);
            json.WriteNull("scenarioId");
            json.WriteNull("trackId");
            json.WriteStartArray("entries");
            var rank = 0;
            foreach (var e in ranked)
            {
                json.WriteStartObject();
                json.WriteNumber("rank", ++rank);
                json.WriteString("memberId", e.Id);
                json.WriteString("memberName", e.Name);
                json.WriteNumber("bestScore", e.Best);
                json.WriteNumber("averageScore", e.Average);
                json.WriteNumber("attempts", e.Count);
                json.WriteStartObject("kpiAverages");
                for (var k = 0; k < Kpis.Names.Length; k++) json.WriteNumber(Kpis.OutputNames[k], e.Totals.KpiAverage(k));
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        await SendAsync(context, output, ct);
    }

    private static void WritePaging(Utf8JsonWriter json, int page, int pageSize, int total)
    {
        var totalPages = (total + pageSize - 1) / pageSize;
        json.WriteNumber("page", page);
        json.WriteNumber("pageSize", pageSize);
        json.WriteNumber("totalCount", total);
        json.WriteNumber("totalPages", totalPages);
        json.WriteBoolean("hasNextPage", page < totalPages);
    }

    private static void Write(Utf8JsonWriter json, string name, DateTimeOffset? value)
    {
        if (value is { } v) json.WriteString(name, v);
        else json.WriteNull(name);
    }

    private static void Write(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } v) json.WriteNumber(name, v);
        else json.WriteNull(name);
    }

    private static async Task SendAsync(HttpContext context, ArrayBufferWriter<byte> output, CancellationToken ct)
    {
        context.Response.ContentType = JsonContentType;
        context.Response.ContentLength = output.WrittenCount;
        await context.Response.Body.WriteAsync(output.WrittenMemory, ct);
    }
}

/// <summary>A member's leaderboard sums: scores and the seven KPIs the leaderboard averages.</summary>
internal sealed class MemberTotals
{
    private readonly double[] _kpiSums = new double[Kpis.Names.Length];
    private long _scoreSum;

    public int Count { get; private set; }
    public int Best { get; private set; } = int.MinValue;
    public double AverageScore => (double)_scoreSum / Count;

    public void Add(int score, string kpisJson)
    {
        Count++;
        _scoreSum += score;
        if (score > Best) Best = score;
        Kpis.AddTo(_kpiSums, kpisJson);
    }

    public double KpiAverage(int index) => Math.Round(_kpiSums[index] / Count, 1);
}

/// <summary>The KPIs the leaderboard averages, read from an attempt's kpis document (camelCase, as JsonColumn writes it).</summary>
internal static class Kpis
{
    // In the order of KpiAveragesDto; each is what ConversationKpis.ValueOf gives for the metric.
    public static readonly string[] Names =
        ["traineeSharePercent", "fillerWordsPerMinute", "wordsPerMinute", "longestMonologueSeconds", "questionsAsked", "switchesPerMinute", "patienceSeconds"];
    public static readonly string[] OutputNames =
        ["talkRatio", "fillerWordsPerMinute", "wordsPerMinute", "longestMonologueSeconds", "questionsAsked", "switchesPerMinute", "patienceSeconds"];
    private static readonly byte[][] Utf8Names = Names.Select(Encoding.UTF8.GetBytes).ToArray();

    /// <summary>Adds the document's values to <paramref name="sums"/>; a KPI missing from it counts as 0, as a default ConversationKpis would.</summary>
    public static void AddTo(double[] sums, string document)
    {
        var bytes = Encoding.UTF8.GetBytes(document);
        var reader = new Utf8JsonReader(bytes);
        reader.Read(); // the object
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var index = -1;
            for (var i = 0; i < Utf8Names.Length; i++)
            {
                // Web defaults read names case-insensitively; the column is written camelCase, so exact names suffice here.
                if (reader.ValueTextEquals(Utf8Names[i])) { index = i; break; }
            }
            reader.Read();
            if (index >= 0) sums[index] += reader.GetDouble();
            else reader.Skip();
        }
    }
}

/// <summary>Stored enum names (PascalCase) as the API writes them: snake_case lower.</summary>
internal static class Enums
{
    private static readonly ConcurrentDictionary<string, string> Names = new(StringComparer.Ordinal);

    public static string SnakeCase(string stored) => Names.GetOrAdd(stored, JsonNamingPolicy.SnakeCaseLower.ConvertName);
}
