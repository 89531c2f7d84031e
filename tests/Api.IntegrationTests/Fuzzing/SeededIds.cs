using VoiceTraining.Api.IntegrationTests.Infrastructure;

namespace VoiceTraining.Api.IntegrationTests.Fuzzing;

/// <summary>
/// Real ids of the organization the fuzzer attacks, so that plausible requests get past the lookups
/// into the handlers. An id the tables do not know gets any of the organization's ids.
/// </summary>
public sealed class SeededIds(SeededOrganization org)
{
    private readonly Guid[] _all = [.. org.AllIds];

    /// <summary>The resource for a path parameter, by the collection the parameter follows.</summary>
    public Guid ForPath(string template, string parameter, Random random)
    {
        var segments = template.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var index = Array.IndexOf(segments, "{" + parameter + "}");
        var collection = index > 0 ? segments[index - 1] : "";
        return collection switch
        {
            "scenarios" => Pick(random, org.PublishedScenarioId, org.DraftScenarioId, org.ArchivedScenarioId),
            "personas" => org.PersonaId,
            "tracks" => org.TrackId,
            "assignments" => Pick(random, org.TraineeAssignmentId, org.LonerAssignmentId, org.CompletedAssignmentId),
            "attempts" => Pick(random, org.TraineeAttemptId, org.LonerAttemptId),
            "members" => Pick(random, org.Trainee.Id, org.Loner.Id, org.Deactivated.Id),
            "webhooks" => org.WebhookEndpointId,
            "deliveries" => org.WebhookDeliveryId,
            "events" => org.WebhookEventId,
            "hooks" => org.RestHookId,
            "api-keys" => org.ApiKeyId,
            "orders" => org.PaymentOrderId,
            "sessions" => org.VoiceSessionId,
            _ => Any(random),
        };
    }

    /// <summary>The resource for an id-valued field or query parameter, by its name.</summary>
    public Guid ForField(string name, Random random) => name switch
    {
        "memberId" or "traineeId" or "userId" => Pick(random, org.Trainee.Id, org.Loner.Id),
        "managerId" => org.Manager.Id,
        "scenarioId" => org.PublishedScenarioId,
        "scenarioIds" => Pick(random, org.PublishedScenarioId, org.SecondScenarioId),
        "personaId" => org.PersonaId,
        "trackId" => org.TrackId,
        "assignmentId" => org.TraineeAssignmentId,
        "attemptId" => org.TraineeAttemptId,
        "endpointId" => org.WebhookEndpointId,
        "eventId" => org.WebhookEventId,
        "memberIds" => Pick(random, org.Trainee.Id, org.Teammate.Id),
        _ => Any(random),
    };

    public Guid Any(Random random) => _all[random.Next(_all.Length)];

    private static Guid Pick(Random random, params Guid[] ids) => ids[random.Next(ids.Length)];
}
