using System.Text.Json;
using System.Text.Json.Schema;
using VoiceTraining.Domain.Webhooks;

namespace VoiceTraining.Application.Webhooks.Payloads;

/// <summary>Each event type with what triggers it, its payload type (hence its JSON Schema) and an example body.</summary>
public static class WebhookEventCatalog
{
    public sealed record Entry(string Type, string Description, Type PayloadType);

    public static readonly IReadOnlyList<Entry> Entries =
    [
        new(WebhookEventTypes.ScenarioAssigned, "A manager assigned a scenario or a track to a member.", typeof(ScenarioAssignedPayload)),
        new(WebhookEventTypes.ScenarioCompleted, "A member finished a practice call and it was scored.", typeof(ScenarioCompletedPayload)),
        new(WebhookEventTypes.AttemptScoredLow, "An attempt scored under its scenario's passing threshold.", typeof(AttemptScoredLowPayload)),
        new(WebhookEventTypes.TrackCompleted, "A member completed every scenario of a track.", typeof(TrackCompletedPayload)),
        new(WebhookEventTypes.UserAdded, "A person joined the organization.", typeof(UserAddedPayload)),
        new(WebhookEventTypes.UserPromoted, "A member's role changed.", typeof(UserPromotedPayload)),
        new(WebhookEventTypes.AssignmentOverdue, "An assignment passed its due date without being completed (sent once).", typeof(AssignmentOverduePayload)),
        new(WebhookEventTypes.Test, "Sent by \"send test\" only; not subscribable.", typeof(WebhookTestPayload)),
    ];

    public static Entry? Find(string type) => Entries.FirstOrDefault(e => e.Type == type);

    public static JsonElement SchemaOf(Entry entry)
    {
        var node = JsonSchemaExporter.GetJsonSchemaAsNode(WebhookJson.Options, entry.PayloadType, new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = (context, schema) =>
            {
                // Timestamps are written by a custom converter, which the exporter knows nothing about.
                var type = context.TypeInfo.Type;
                if (type == typeof(DateTimeOffset) || type == typeof(DateTimeOffset?))
                {
                    schema = new System.Text.Json.Nodes.JsonObject
                    {
                        ["type"] = type == typeof(DateTimeOffset) ? "string" : new System.Text.Json.Nodes.JsonArray("string", "null"),
                        ["format"] = "date-time",
                    };
                }
                var description = context.PropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(System.ComponentModel.DescriptionAttribute), false)
                    .OfType<System.ComponentModel.DescriptionAttribute>().FirstOrDefault()?.Description;
                if (description is not null && schema is System.Text.Json.Nodes.JsonObject obj) obj.Insert(0, "description", description);
                return schema;
            },
        });
        if (node is System.Text.Json.Nodes.JsonObject root)
        {
            root.Insert(0, "$schema", "https://json-schema.org/draft/2020-12/schema");
            root.Insert(1, "title", entry.Type);
        }
        return JsonSerializer.SerializeToElement(node);
    }

    /// <summary>An illustrative body of the type (made-up people and numbers), e.g. for REST-hook samples.</summary>
    public static WebhookPayload Example(string type, Guid orgId, string orgName, DateTimeOffset now)
    {
        var key = Guid.Parse("0193a7e2-4b1c-7d2e-9f00-000000000001");
        var org = new WebhookOrg(orgId, orgName);
        var user = new WebhookUser(Guid.Parse("0193a7e2-4b1c-7d2e-9f00-0000000000a1"), "jamie@example.com", "Jamie Rivera", "trainee");
        var manager = new WebhookPerson(Guid.Parse("0193a7e2-4b1c-7d2e-9f00-0000000000b2"), "morgan@example.com", "Morgan Manager");
        var scenario = new WebhookScenario(Guid.Parse("0193a7e2-4b1c-7d2e-9f00-0000000000c3"), "Loan Officer Cold Call");
        var track = new WebhookTrack(Guid.Parse("0193a7e2-4b1c-7d2e-9f00-0000000000d4"), "New hire onboarding");
        var attemptId = Guid.Parse("0193a7e2-4b1c-7d2e-9f00-0000000000e5");
        var attempt = new WebhookAttempt(attemptId, 87, true, 312, new WebhookKpis("45:55", 3, 0.6, 7, 38.5, 142, 1.1, 1),
            $"https://app.example.com/api/attempts/{attemptId}/recording", $"https://app.example.com/api/attempts/{attemptId}/transcript", now);
        var assignment = new WebhookAssignment(Guid.Parse("0193a7e2-4b1c-7d2e-9f00-0000000000f6"), now.AddDays(7), scenario, null, manager, now);
        return type switch
        {
            WebhookEventTypes.ScenarioAssigned => new ScenarioAssignedPayload { Event = type, IdempotencyKey = key, Timestamp = now, Org = org, User = user, Scenario = scenario, Assignment = assignment },
            WebhookEventTypes.ScenarioCompleted => new ScenarioCompletedPayload { Event = type, IdempotencyKey = key, Timestamp = now, Org = org, User = user, Scenario = scenario, Attempt = attempt, Score = 87 },
            WebhookEventTypes.AttemptScoredLow => new AttemptScoredLowPayload { Event = type, IdempotencyKey = key, Timestamp = now, Org = org, User = user, Scenario = scenario, Attempt = attempt with { Score = 52, Passed = false }, Threshold = 70 },
            WebhookEventTypes.TrackCompleted => new TrackCompletedPayload { Event = type, IdempotencyKey = key, Timestamp = now, Org = org, User = user, Track = track, Scenarios = [scenario], CompletionDate = now },
            WebhookEventTypes.UserAdded => new UserAddedPayload { Event = type, IdempotencyKey = key, Timestamp = now, Org = org, User = user, Inviter = manager },
            WebhookEventTypes.UserPromoted => new UserPromotedPayload { Event = type, IdempotencyKey = key, Timestamp = now, Org = org, User = user with { Role = "manager" }, OldRole = "trainee", NewRole = "manager" },
            WebhookEventTypes.AssignmentOverdue => new AssignmentOverduePayload { Event = type, IdempotencyKey = key, Timestamp = now, Org = org, User = user, Assignment = assignment with { DueAt = now.AddDays(-2) }, DaysOverdue = 2 },
            WebhookEventTypes.Test => new WebhookTestPayload { Event = type, IdempotencyKey = key, Timestamp = now, Org = org, Message = "This is a test delivery." },
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown event type."),
        };
    }
}
