using Microsoft.EntityFrameworkCore;
using VoiceTraining.Domain.Assignments;
using VoiceTraining.Domain.Attempts;
using VoiceTraining.Domain.Members;
using VoiceTraining.Domain.Voice;
using VoiceTraining.Domain.Organizations;
using VoiceTraining.Domain.Personas;
using VoiceTraining.Domain.Scenarios;
using VoiceTraining.Domain.Tracks;
using VoiceTraining.Domain.Billing;
using VoiceTraining.Domain.Integrations;
using VoiceTraining.Domain.Webhooks;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Infrastructure.Data;

namespace VoiceTraining.Api.IntegrationTests.Infrastructure;

/// <summary>A member as the tests know it: enough to mint their token and recognise them in responses.</summary>
public sealed record SeededMember(Guid Id, Guid OrgId, string OrgClaim, string ExternalUserId, string Email, string Name, MemberRole Role)
{
    public string RoleClaim => Role switch
    {
        MemberRole.Admin => "admin",
        MemberRole.Manager => "manager",
        _ => "trainee",
    };
}

/// <summary>
/// One organization with a small, fixed cast (see <see cref="TenantSeed"/>). Every name and title
/// carries <see cref="Marker"/>, so a response that leaks this organization's data is easy to spot.
/// </summary>
public sealed class SeededOrganization
{
    public required Guid Id { get; init; }
    public required string ExternalId { get; init; }
    public required string Name { get; init; }
    public required string Marker { get; init; }

    public required SeededMember Admin { get; init; }
    public required SeededMember Manager { get; init; }
    /// <summary>Reports to <see cref="Manager"/>.</summary>
    public required SeededMember Trainee { get; init; }
    /// <summary>Also reports to <see cref="Manager"/>.</summary>
    public required SeededMember Teammate { get; init; }
    /// <summary>A trainee on nobody's team.</summary>
    public required SeededMember Loner { get; init; }
    /// <summary>A deactivated trainee.</summary>
    public required SeededMember Deactivated { get; init; }

    /// <summary>The persona every seeded scenario uses (so it cannot be deleted).</summary>
    public required Guid PersonaId { get; init; }
    public required Guid PublishedScenarioId { get; init; }
    public required Guid SecondScenarioId { get; init; }
    public required Guid DraftScenarioId { get; init; }
    public required Guid ArchivedScenarioId { get; init; }
    /// <summary>Published scenario and second scenario, in that order.</summary>
    public required Guid TrackId { get; init; }

    /// <summary>Trainee ← published scenario, by the manager, due in 7 days.</summary>
    public required Guid TraineeAssignmentId { get; init; }
    /// <summary>Trainee ← track, by the manager, due in 30 days.</summary>
    public required Guid TraineeTrackAssignmentId { get; init; }
    /// <summary>Teammate ← second scenario, by the manager, due two days ago (pending: reads overdue).</summary>
    public required Guid OverdueAssignmentId { get; init; }
    /// <summary>Teammate ← published scenario, completed.</summary>
    public required Guid CompletedAssignmentId { get; init; }
    /// <summary>Loner ← published scenario, by the admin, due in 10 days.</summary>
    public required Guid LonerAssignmentId { get; init; }

    /// <summary>Trainee's attempt at the published scenario, on <see cref="TraineeAssignmentId"/>.</summary>
    public required Guid TraineeAttemptId { get; init; }
    public required Guid TeammateAttemptId { get; init; }
    public required Guid LonerAttemptId { get; init; }
    public required Guid ManagerAttemptId { get; init; }

    /// <summary>An endpoint made in settings, subscribed to every event.</summary>
    public required Guid WebhookEndpointId { get; init; }
    /// <summary>A REST-hook subscription (scenario.completed).</summary>
    public required Guid RestHookId { get; init; }
    /// <summary>A scenario.completed message and its failed delivery to <see cref="WebhookEndpointId"/>.</summary>
    public required Guid WebhookEventId { get; init; }
    public required Guid WebhookDeliveryId { get; init; }
    /// <summary>An API key made by the admin; the key itself is <see cref="ApiKey"/>.</summary>
    public required Guid ApiKeyId { get; init; }
    public required string ApiKey { get; init; }
    /// <summary>An authorized payment order waiting for approval (its payment intent is made up).</summary>
    public required Guid PaymentOrderId { get; init; }
    /// <summary>
    /// The trainee's platform voice session on <see cref="TraineeAttemptId"/>, ended a minute after it
    /// started (its attempt left in progress); its token is <see cref="VoiceSessionToken"/>, so a turn
    /// on it is refused for the session's state (409), not for the token.
    /// </summary>
    public required Guid VoiceSessionId { get; init; }
    public required string VoiceSessionToken { get; init; }

    public IEnumerable<SeededMember> Members => [Admin, Manager, Trainee, Teammate, Loner, Deactivated];

    /// <summary>Every id this organization owns.</summary>
    public IEnumerable<Guid> AllIds =>
    [
        Id, .. Members.Select(m => m.Id), PersonaId, PublishedScenarioId, SecondScenarioId, DraftScenarioId, ArchivedScenarioId, TrackId,
        TraineeAssignmentId, TraineeTrackAssignmentId, OverdueAssignmentId, CompletedAssignmentId, LonerAssignmentId,
        TraineeAttemptId, TeammateAttemptId, LonerAttemptId, ManagerAttemptId,
        WebhookEndpointId, RestHookId, WebhookEventId, WebhookDeliveryId, ApiKeyId, PaymentOrderId, VoiceSessionId,
    ];

    /// <summary>Strings that only this organization's data contains.</summary>
    public IEnumerable<string> Fingerprints => [Marker, ExternalId, .. Members.Select(m => m.Email), .. Members.Select(m => m.ExternalUserId), .. AllIds.Select(id => id.ToString())];
}

/// <summary>Inserts organizations straight through the app's DbContext (inserts are not tenant-filtered).</summary>
public static class TenantSeed
{
    /// <summary>Seeds one organization; <paramref name="secrets"/> (the app's) protects its endpoints' secrets so they can be shown, rotated and signed with.</summary>
    public static async Task<SeededOrganization> SeedAsync(ApplicationDbContext db, string label, IWebhookSecrets secrets, CancellationToken cancellationToken = default)
    {
        var marker = $"{label}-{Guid.NewGuid().ToString("N")[..8]}";
        var slug = marker.ToLowerInvariant();
        // Distinct, increasing creation times make "newest first" observable.
        var clock = DateTimeOffset.UtcNow.AddHours(-2);
        DateTimeOffset Next() => clock = clock.AddSeconds(1);

        var org = new Organization($"{marker} Lending", $"org_{slug}", Next());
        // Professional: the features and limits most tests need; entitlement tests change it.
        org.SetPlan("professional", Next());
        db.Organizations.Add(org);

        Member NewMember(string role, string name, MemberRole memberRole) =>
            new(org.Id, $"user_{slug}_{role}", $"{role}.{slug}@example.test", $"{name} {marker}", memberRole, Next());

        var admin = NewMember("admin", "Avery Admin", MemberRole.Admin);
        var manager = NewMember("manager", "Morgan Manager", MemberRole.Manager);
        var trainee = NewMember("trainee", "Jamie Trainee", MemberRole.Trainee);
        var teammate = NewMember("teammate", "Sam Teammate", MemberRole.Trainee);
        var loner = NewMember("loner", "Alex Loner", MemberRole.Trainee);
        var deactivated = NewMember("gone", "Dana Gone", MemberRole.Trainee);
        trainee.ReportTo(manager, Next());
        teammate.ReportTo(manager, Next());
        deactivated.Deactivate(Next());
        db.Members.AddRange(admin, manager, trainee, teammate, loner, deactivated);

        var persona = new Persona(org.Id, $"Sarah {marker}", "A cautious first-time buyer.", "elevenlabs", "sarah_professional", Difficulty.Easy, Next());
        db.Personas.Add(persona);

        Scenario NewScenario(string title) => new(org.Id, $"{marker} {title}", $"{title} practice.", persona.Id,
            $"You are Sarah ({title}).", [Kpi("Balanced talk time", 2), Phrase("Asks for the meeting", 1, "meeting")], 70, manager.Id, Next());

        var published = NewScenario("Cold call");
        var second = NewScenario("Rate objection");
        var draft = NewScenario("Renewal draft");
        var archived = NewScenario("Old pitch");
        published.Publish(Next());
        second.Publish(Next());
        archived.Publish(Next());
        archived.Archive(Next());
        db.Scenarios.AddRange(published, second, draft, archived);

        var track = new Track(org.Id, $"{marker} Onboarding", "The first calls.", [published.Id, second.Id], Next());
        db.Tracks.Add(track);

        var now = DateTimeOffset.UtcNow;
        var traineeAssignment = new Assignment(org.Id, trainee.Id, published.Id, null, manager.Id, now.AddDays(7), Next());
        var traineeTrack = new Assignment(org.Id, trainee.Id, null, track.Id, manager.Id, now.AddDays(30), Next());
        var overdue = Assignment.Imported(org.Id, teammate.Id, second.Id, null, manager.Id, now.AddDays(-2), Next());
        var completed = new Assignment(org.Id, teammate.Id, published.Id, null, manager.Id, null, Next());
        completed.Complete(Next());
        var lonerAssignment = new Assignment(org.Id, loner.Id, published.Id, null, admin.Id, now.AddDays(10), Next());
        db.Assignments.AddRange(traineeAssignment, traineeTrack, overdue, completed, lonerAssignment);

        var traineeAttempt = new Attempt(org.Id, trainee.Id, published.Id, traineeAssignment.Id, Next());
        var teammateAttempt = new Attempt(org.Id, teammate.Id, second.Id, null, Next());
        var lonerAttempt = new Attempt(org.Id, loner.Id, published.Id, null, Next());
        var managerAttempt = new Attempt(org.Id, manager.Id, published.Id, null, Next());
        db.Attempts.AddRange(traineeAttempt, teammateAttempt, lonerAttempt, managerAttempt);

        await db.SaveChangesAsync(cancellationToken);

        // Integrations: after the save above, so the seed's own events have no subscribers.
        var (endpointSecret, restHookSecret) = (secrets.Generate(), secrets.Generate());
        var endpoint = new WebhookEndpoint(org.Id, $"CRM {marker}", $"https://hooks.{slug}.example.test/in", WebhookEventTypes.All, true,
            WebhookEndpointSource.Settings, endpointSecret.Protected, endpointSecret.Hint, admin.Id, Next());
        var restHook = new WebhookEndpoint(org.Id, "REST hook: scenario.completed", $"https://zaps.{slug}.example.test/catch", [WebhookEventTypes.ScenarioCompleted], true,
            WebhookEndpointSource.RestHook, restHookSecret.Protected, restHookSecret.Hint, admin.Id, Next());
        db.WebhookEndpoints.AddRange(endpoint, restHook);
        var message = new WebhookMessage(Guid.CreateVersion7(), org.Id, WebhookEventTypes.ScenarioCompleted,
            "{\"event\":\"scenario.completed\",\"org\":{\"name\":\"" + marker + "\"}}", Next());
        db.WebhookMessages.Add(message);
        var delivery = new WebhookDelivery(message, endpoint.Id, Next(), maxAttempts: 1);
        db.WebhookDeliveries.Add(delivery);
        var (apiKey, apiKeyValue) = NewApiKey(org.Id, $"Zapier {marker}", [ApiKeyScopes.Read, ApiKeyScopes.Write], admin.Id, Next());
        db.ApiKeys.Add(apiKey);
        var order = new PaymentOrder(org.Id, $"Custom scenario pack {marker}", 150_000, "usd", $"pi_seed_{Guid.NewGuid():N}", PaymentOrderStatus.Authorized, admin.Id, Next());
        db.PaymentOrders.Add(order);
        // Ended, so it neither runs up cost (the watchdog would end it and complete its attempt) nor is
        // replaced by a test's new session of the trainee. Only the token's SHA-256 is stored, as start-session does.
        var voiceToken = $"vst_seed_{slug}";
        var sessionStart = Next();
        var voiceSession = new VoiceSession(org.Id, trainee.Id, published.Id, traineeAttempt.Id, "platform", 5,
            new VoiceSettings(null, 0.10m, 5.00m, 30, sessionStart), VoiceTraining.Application.Voice.Sessions.VoiceSessionTokens.Hash(voiceToken), sessionStart.AddMinutes(35),
            "openai-whisper", "elevenlabs", "openai", sessionStart);
        voiceSession.End(VoiceSessionEndReasons.Completed, sessionStart.AddMinutes(1));
        db.VoiceSessions.Add(voiceSession);
        await db.SaveChangesAsync(cancellationToken);
        // A failed delivery (written as the dispatcher would), so replay has something to act on.
        await db.Database.ExecuteSqlAsync($"UPDATE webhook_deliveries SET status = 'Failed', attempt_count = 1, run_attempts = 1, completed_at = now() WHERE id = {delivery.Id}", cancellationToken);

        var orgClaim = org.ExternalId!;
        SeededMember Seeded(Member m) => new(m.Id, org.Id, orgClaim, m.ExternalUserId, m.Email, m.Name, m.Role);
        return new SeededOrganization
        {
            Id = org.Id,
            ExternalId = orgClaim,
            Name = org.Name,
            Marker = marker,
            Admin = Seeded(admin),
            Manager = Seeded(manager),
            Trainee = Seeded(trainee),
            Teammate = Seeded(teammate),
            Loner = Seeded(loner),
            Deactivated = Seeded(deactivated),
            PersonaId = persona.Id,
            PublishedScenarioId = published.Id,
            SecondScenarioId = second.Id,
            DraftScenarioId = draft.Id,
            ArchivedScenarioId = archived.Id,
            TrackId = track.Id,
            TraineeAssignmentId = traineeAssignment.Id,
            TraineeTrackAssignmentId = traineeTrack.Id,
            OverdueAssignmentId = overdue.Id,
            CompletedAssignmentId = completed.Id,
            LonerAssignmentId = lonerAssignment.Id,
            TraineeAttemptId = traineeAttempt.Id,
            TeammateAttemptId = teammateAttempt.Id,
            LonerAttemptId = lonerAttempt.Id,
            ManagerAttemptId = managerAttempt.Id,
            WebhookEndpointId = endpoint.Id,
            RestHookId = restHook.Id,
            WebhookEventId = message.Id,
            WebhookDeliveryId = delivery.Id,
            ApiKeyId = apiKey.Id,
            ApiKey = apiKeyValue,
            PaymentOrderId = order.Id,
            VoiceSessionId = voiceSession.Id,
            VoiceSessionToken = voiceToken,
        };
    }

    /// <summary>Another API key of the organization, made by its admin (revoked at once when asked); returns the key.</summary>
    public static async Task<string> AddApiKeyAsync(ApplicationDbContext db, SeededOrganization org, IReadOnlyList<string> scopes, bool revoked = false,
        CancellationToken cancellationToken = default)
    {
        var now = DateTimeOffset.UtcNow;
        var (key, value) = NewApiKey(org.Id, $"{string.Join('+', scopes)} key {org.Marker}", scopes, org.Admin.Id, now);
        if (revoked) key.Revoke(now);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return value;
    }

    /// <summary>A key as the API makes one: only its prefix and SHA-256 hash are stored.</summary>
    private static (ApiKey Key, string Value) NewApiKey(Guid orgId, string name, IReadOnlyList<string> scopes, Guid createdById, DateTimeOffset at)
    {
        var value = $"vtk_{Guid.NewGuid().ToString("N")[..8]}_{Guid.NewGuid():N}";
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(value)));
        return (new ApiKey(orgId, name, value[..12], hash, scopes, createdById, at), value);
    }

    private static RubricCriterion Kpi(string name, int weight) =>
        new() { Name = name, Weight = weight, Kind = CriterionKind.KpiRange, Kpi = KpiMetric.TalkRatio, Min = 35, Max = 55 };

    private static RubricCriterion Phrase(string name, int weight, params string[] phrases) =>
        new() { Name = name, Weight = weight, Kind = CriterionKind.RequiredPhrases, Phrases = [.. phrases] };
}
