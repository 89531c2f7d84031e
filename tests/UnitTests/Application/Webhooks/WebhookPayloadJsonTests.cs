using System.Text.Json;
using System.Text.RegularExpressions;
using VoiceTraining.Application.Webhooks.Payloads;
using VoiceTraining.Domain.Members;
using VoiceTraining.Domain.Webhooks;

namespace VoiceTraining.UnitTests.Application.Webhooks;

/// <summary>The bodies integrators receive: key names, order, timestamps, and the JSON Schemas published for them.</summary>
public partial class WebhookPayloadJsonTests
{
    private static readonly DateTimeOffset Now = new(2025, 9, 29, 12, 34, 56, TimeSpan.Zero);
    private static readonly Guid OrgId = Guid.Parse("0193a7e2-4b1c-7d2e-9f00-0000000000aa");

    public static TheoryData<string> Types()
    {
        var data = new TheoryData<string>();
        foreach (var entry in WebhookEventCatalog.Entries) data.Add(entry.Type);
        return data;
    }

    private static JsonElement Example(string type, DateTimeOffset? now = null)
    {
        var json = WebhookJson.Serialize(WebhookEventCatalog.Example(type, OrgId, "Acme Corp", now ?? Now));
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    [GeneratedRegex("^[a-z][a-z0-9]*(_[a-z0-9]+)*$")]
    private static partial Regex SnakeCase();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T")]
    private static partial Regex LooksLikeTimestamp();

    /// <summary>UTC with Z, whole seconds unless there is a fraction, and then no trailing zeros.</summary>
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{0,6}[1-9])?Z$")]
    private static partial Regex ContractTimestamp();

    private static IEnumerable<(string Path, JsonProperty Property)> AllProperties(JsonElement element, string path = "$")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    yield return ($"{path}.{property.Name}", property);
                    foreach (var inner in AllProperties(property.Value, $"{path}.{property.Name}")) yield return inner;
                }
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                    foreach (var inner in AllProperties(item, $"{path}[{i++}]")) yield return inner;
                break;
        }
    }

    [Fact]
    public void The_catalog_covers_every_subscribable_type_and_the_test_event()
    {
        WebhookEventCatalog.Entries.Select(e => e.Type).Should().Equal([.. WebhookEventTypes.All, WebhookEventTypes.Test]);
        WebhookEventCatalog.Entries.Select(e => e.PayloadType).Should().OnlyHaveUniqueItems()
            .And.OnlyContain(t => typeof(WebhookPayload).IsAssignableFrom(t));
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void The_example_is_of_the_entrys_payload_type(string type)
    {
        var entry = WebhookEventCatalog.Find(type)!;
        var payload = WebhookEventCatalog.Example(type, OrgId, "Acme Corp", Now);

        payload.GetType().Should().Be(entry.PayloadType);
        payload.Event.Should().Be(type);
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void Every_key_is_snake_case(string type)
    {
        var keys = AllProperties(Example(type)).ToList();

        keys.Should().NotBeEmpty();
        keys.Should().OnlyContain(k => SnakeCase().IsMatch(k.Property.Name), "webhook bodies use snake_case keys");
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void The_envelope_comes_first_in_order(string type)
    {
        var example = Example(type);

        example.EnumerateObject().Take(4).Select(p => p.Name).Should().Equal("event", "idempotency_key", "timestamp", "org");
        example.GetProperty("event").GetString().Should().Be(type);
        Guid.TryParse(example.GetProperty("idempotency_key").GetString(), out _).Should().BeTrue();
        example.GetProperty("org").EnumerateObject().Select(p => p.Name).Should().Equal("id", "name");
        example.GetProperty("org").GetProperty("id").GetGuid().Should().Be(OrgId);
    }

    [Theory]
    // The contract's "Payload Includes" column, after the envelope.
    [InlineData("scenario.assigned", "user,scenario,track,assignment")]
    [InlineData("scenario.completed", "user,scenario,attempt,score")]
    [InlineData("attempt.scored.low", "user,scenario,attempt,threshold")]
    [InlineData("track.completed", "user,track,scenarios,completion_date")]
    [InlineData("user.added", "user,inviter")]
    [InlineData("user.promoted", "user,old_role,new_role")]
    [InlineData("assignment.overdue", "user,assignment,days_overdue")]
    [InlineData("webhook.test", "message")]
    public void Each_type_carries_the_contracts_objects(string type, string keys)
    {
        Example(type).EnumerateObject().Skip(4).Select(p => p.Name).Should().Equal(keys.Split(','));
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void Timestamps_are_utc_with_z_and_whole_seconds(string type)
    {
        var example = Example(type);
        example.GetProperty("timestamp").GetString().Should().Be("2025-09-29T12:34:56Z");

        var timestamps = AllProperties(example)
            .Where(k => k.Property.Value.ValueKind == JsonValueKind.String && LooksLikeTimestamp().IsMatch(k.Property.Value.GetString()!))
            .ToList();
        timestamps.Should().NotBeEmpty();
        timestamps.Should().OnlyContain(k => ContractTimestamp().IsMatch(k.Property.Value.GetString()!));
        timestamps.Should().OnlyContain(k => !k.Property.Value.GetString()!.Contains('.', StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0, "2025-09-29T12:34:56Z")]
    [InlineData(5_000_000, "2025-09-29T12:34:56Z")]
    [InlineData(1_230_000, "2025-09-29T12:34:56Z")]
    [InlineData(1_234_567, "2025-09-29T12:34:56Z")]
    [InlineData(9_999_999, "2025-09-29T12:34:56Z")]
    [InlineData(10, "2025-09-29T12:34:56Z")]
    public void Timestamps_are_whole_seconds_in_utc_as_in_the_contract(long ticks, string expected)
    {
        // 14:34:56+02:00 is 12:34:56Z: the offset is converted, never written.
        var now = new DateTimeOffset(2025, 9, 29, 14, 34, 56, TimeSpan.FromHours(2)).AddTicks(ticks);
        var example = Example(WebhookEventTypes.ScenarioAssigned, now);

        example.GetProperty("timestamp").GetString().Should().Be(expected);
        example.GetProperty("assignment").GetProperty("created_at").GetString().Should().Be(expected);
        // Nullable timestamps go through the same converter.
        example.GetProperty("assignment").GetProperty("due_at").GetString().Should().Be(expected.Replace("09-29", "10-06", StringComparison.Ordinal));
    }

    [Fact]
    public void Timestamps_read_back_as_the_same_whole_second()
    {
        var now = Now.AddTicks(1_234_567);
        var json = WebhookJson.Serialize(WebhookEventCatalog.Example(WebhookEventTypes.UserAdded, OrgId, "Acme Corp", now));

        var read = JsonSerializer.Deserialize<UserAddedPayload>(json, WebhookJson.Options)!;

        read.Timestamp.Should().Be(now.AddTicks(-1_234_567), "the fraction of a second is not sent");
        read.Timestamp.Offset.Should().Be(TimeSpan.Zero);
        WebhookJson.Serialize(read).Should().Be(json);
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void Roles_are_lowercase(string type)
    {
        var roles = AllProperties(Example(type))
            .Where(k => k.Property.Name is "role" or "old_role" or "new_role")
            .Select(k => k.Property.Value.GetString())
            .ToList();

        roles.Should().BeSubsetOf(["trainee", "manager", "admin"]);
        if (type != WebhookEventTypes.Test) roles.Should().NotBeEmpty();
    }

    [Theory]
    [InlineData(MemberRole.Trainee, "trainee")]
    [InlineData(MemberRole.Manager, "manager")]
    [InlineData(MemberRole.Admin, "admin")]
    public void RoleName_is_the_lowercase_role(MemberRole role, string expected)
    {
        WebhookPayloadBuilder.RoleName(role).Should().Be(expected);
    }

    [Fact]
    public void Absent_optional_objects_are_written_as_null()
    {
        var example = Example(WebhookEventTypes.ScenarioAssigned);

        example.GetProperty("track").ValueKind.Should().Be(JsonValueKind.Null);
        example.GetProperty("assignment").GetProperty("track").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public void Attempt_kpis_use_the_contracts_names()
    {
        var attempt = Example(WebhookEventTypes.ScenarioCompleted).GetProperty("attempt");

        attempt.EnumerateObject().Select(p => p.Name).Should().Contain(["id", "score", "duration_seconds", "kpis", "recording_url", "transcript_url"]);
        attempt.GetProperty("kpis").GetProperty("talk_listen").GetString().Should().Be("45:55");
        attempt.GetProperty("kpis").GetProperty("filler_words").GetInt32().Should().Be(3);
    }

    [Fact]
    public void Serialize_writes_compact_json()
    {
        var json = WebhookJson.Serialize(WebhookEventCatalog.Example(WebhookEventTypes.Test, OrgId, "Acme Corp", Now));

        json.Should().Be("""{"event":"webhook.test","idempotency_key":"0193a7e2-4b1c-7d2e-9f00-000000000001","timestamp":"2025-09-29T12:34:56Z","org":{"id":"0193a7e2-4b1c-7d2e-9f00-0000000000aa","name":"Acme Corp"},"message":"This is a test delivery."}""");
    }

    // --- JSON Schemas (GET /api/webhooks/event-types) ---

    [Theory]
    [MemberData(nameof(Types))]
    public void The_schema_is_an_object_schema_titled_with_the_type(string type)
    {
        var schema = WebhookEventCatalog.SchemaOf(WebhookEventCatalog.Find(type)!);

        schema.ValueKind.Should().Be(JsonValueKind.Object);
        schema.GetProperty("$schema").GetString().Should().Be("https://json-schema.org/draft/2020-12/schema");
        schema.GetProperty("title").GetString().Should().Be(type);
        schema.GetProperty("type").GetString().Should().Be("object");
        schema.GetProperty("properties").ValueKind.Should().Be(JsonValueKind.Object);
        schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()).Should()
            .Contain(["event", "idempotency_key", "timestamp", "org"]);
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void The_schema_describes_every_key_of_the_example(string type)
    {
        var schema = WebhookEventCatalog.SchemaOf(WebhookEventCatalog.Find(type)!);
        var example = Example(type);

        var properties = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();
        var required = schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()!).ToList();
        var keys = example.EnumerateObject().Select(p => p.Name).ToList();

        properties.Should().Contain(keys, "every key sent is described");
        keys.Should().Contain(required, "every required key is sent");
        properties.Should().Contain(required);
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void The_example_validates_against_the_schema_at_every_depth(string type)
    {
        var schema = WebhookEventCatalog.SchemaOf(WebhookEventCatalog.Find(type)!);

        SchemaErrors(schema, Example(type), "$").Should().BeEmpty();
    }

    /// <summary>
    /// Enough of JSON Schema for these schemas: type (single or list, with null), format uuid,
    /// properties, required and items. A schema of <c>true</c> accepts anything.
    /// </summary>
    private static IEnumerable<string> SchemaErrors(JsonElement schema, JsonElement value, string path)
    {
        if (schema.ValueKind == JsonValueKind.True) yield break;
        if (schema.ValueKind != JsonValueKind.Object)
        {
            yield return $"{path}: unexpected schema {schema}";
            yield break;
        }

        if (schema.TryGetProperty("type", out var type))
        {
            var allowed = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToList() : [type.GetString()!];
            if (!allowed.Any(t => Matches(t, value)))
            {
                yield return $"{path}: {value.ValueKind} is not {string.Join("|", allowed)}";
                yield break;
            }
        }
        if (value.ValueKind == JsonValueKind.String && schema.TryGetProperty("format", out var format) && format.GetString() == "uuid"
            && !Guid.TryParse(value.GetString(), out _))
            yield return $"{path}: '{value.GetString()}' is not a uuid";

        if (value.ValueKind == JsonValueKind.Object)
        {
            var properties = schema.TryGetProperty("properties", out var p) ? p : default;
            if (schema.TryGetProperty("required", out var required))
                foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
                    if (!value.TryGetProperty(name, out _)) yield return $"{path}: required '{name}' is missing";
            foreach (var property in value.EnumerateObject())
            {
                if (properties.ValueKind != JsonValueKind.Object || !properties.TryGetProperty(property.Name, out var inner))
                {
                    yield return $"{path}.{property.Name}: not in the schema";
                    continue;
                }
                foreach (var error in SchemaErrors(inner, property.Value, $"{path}.{property.Name}")) yield return error;
            }
        }
        if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var i = 0;
            foreach (var item in value.EnumerateArray())
                foreach (var error in SchemaErrors(items, item, $"{path}[{i++}]")) yield return error;
        }
    }

    private static bool Matches(string type, JsonElement value) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        _ => false,
    };
}
