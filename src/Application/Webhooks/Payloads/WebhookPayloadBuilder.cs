using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Data;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Domain.Assignments;
using VoiceTraining.Domain.Attempts;
using VoiceTraining.Domain.Common;
using VoiceTraining.Domain.Members;
using VoiceTraining.Domain.Organizations;
using VoiceTraining.Domain.Scenarios;
using VoiceTraining.Domain.Tracks;
using VoiceTraining.Domain.Webhooks;

namespace VoiceTraining.Application.Webhooks.Payloads;

/// <summary>
/// Turns a domain event into the webhook body integrators receive, with the objects the contract's
/// table names for its type. Runs inside the transaction that raised the event (entities created
/// in it are found in the change tracker), so the body is a snapshot of that moment.
/// </summary>
public sealed class WebhookPayloadBuilder(IApplicationDbContext db, IPublicUrls urls)
{
    /// <summary>Null when the event is not one integrators can subscribe to.</summary>
    public async Task<WebhookPayload?> BuildAsync(DomainEvent domainEvent, Guid idempotencyKey, CancellationToken cancellationToken)
    {
        if (!WebhookEventTypes.IsSubscribable(domainEvent.Type)) return null;
        var org = await FindOrNullAsync(db.Organizations, domainEvent.OrgId, cancellationToken)
                  ?? throw new InvalidOperationException($"Organization {domainEvent.OrgId} of a {domainEvent.Type} event does not exist.");
        var orgRef = new WebhookOrg(org.Id, org.Name);
        var at = domainEvent.OccurredAt;

        switch (domainEvent)
        {
            case ScenarioAssigned e:
            {
                var assignment = await FindAsync(db.Assignments, e.AssignmentId, cancellationToken);
                return new ScenarioAssignedPayload
                {
                    Event = e.Type, IdempotencyKey = idempotencyKey, Timestamp = at, Org = orgRef,
                    User = await UserAsync(e.MemberId, cancellationToken),
                    Scenario = await ScenarioOrNullAsync(e.ScenarioId, cancellationToken),
                    Track = await TrackOrNullAsync(e.TrackId, cancellationToken),
                    Assignment = await AssignmentAsync(assignment, cancellationToken),
                };
            }
            case ScenarioCompleted e:
                return new ScenarioCompletedPayload
                {
                    Event = e.Type, IdempotencyKey = idempotencyKey, Timestamp = at, Org = orgRef,
                    User = await UserAsync(e.MemberId, cancellationToken),
                    Scenario = (await ScenarioOrNullAsync(e.ScenarioId, cancellationToken))!,
                    Attempt = await AttemptAsync(e.AttemptId, e.PassingThreshold, cancellationToken),
                    Score = e.Score,
                };
            case AttemptScoredLow e:
                return new AttemptScoredLowPayload
                {
                    Event = e.Type, IdempotencyKey = idempotencyKey, Timestamp = at, Org = orgRef,
                    User = await UserAsync(e.MemberId, cancellationToken),
                    Scenario = (await ScenarioOrNullAsync(e.ScenarioId, cancellationToken))!,
                    Attempt = await AttemptAsync(e.AttemptId, e.Threshold, cancellationToken),
                    Threshold = e.Threshold,
                };
            case TrackCompleted e:
            {
                var scenarios = new List<WebhookScenario>();
                foreach (var id in e.ScenarioIds) scenarios.Add((await ScenarioOrNullAsync(id, cancellationToken))!);
                return new TrackCompletedPayload
                {
                    Event = e.Type, IdempotencyKey = idempotencyKey, Timestamp = at, Org = orgRef,
                    User = await UserAsync(e.MemberId, cancellationToken),
                    Track = (await TrackOrNullAsync(e.TrackId, cancellationToken))!,
                    Scenarios = scenarios,
                    CompletionDate = at,
                };
            }
            case UserAdded e:
                return new UserAddedPayload
                {
                    Event = e.Type, IdempotencyKey = idempotencyKey, Timestamp = at, Org = orgRef,
                    User = await UserAsync(e.MemberId, cancellationToken),
                    Inviter = await PersonOrNullAsync(e.InviterId, cancellationToken),
                };
            case UserPromoted e:
                return new UserPromotedPayload
                {
                    Event = e.Type, IdempotencyKey = idempotencyKey, Timestamp = at, Org = orgRef,
                    User = await UserAsync(e.MemberId, cancellationToken),
                    OldRole = RoleName(e.OldRole),
                    NewRole = RoleName(e.NewRole),
                };
            case AssignmentOverdue e:
            {
                var assignment = await FindAsync(db.Assignments, e.AssignmentId, cancellationToken);
                return new AssignmentOverduePayload
                {
                    Event = e.Type, IdempotencyKey = idempotencyKey, Timestamp = at, Org = orgRef,
                    User = await UserAsync(e.MemberId, cancellationToken),
                    Assignment = await AssignmentAsync(assignment, cancellationToken),
                    DaysOverdue = e.DaysOverdue,
                };
            }
            default:
                throw new InvalidOperationException($"No webhook payload is defined for {domainEvent.Type}.");
        }
    }

    /// <summary>The body of "send test".</summary>
    public static WebhookTestPayload Test(Organization org, Guid idempotencyKey, DateTimeOffset now) => new()
    {
        Event = WebhookEventTypes.Test,
        IdempotencyKey = idempotencyKey,
        Timestamp = now,
        Org = new WebhookOrg(org.Id, org.Name),
        Message = "This is a test delivery. Verify its signature with your endpoint's secret.",
    };

    public static string RoleName(MemberRole role) => role.ToString().ToLowerInvariant();

    private async Task<T> FindAsync<T>(DbSet<T> set, Guid id, CancellationToken cancellationToken) where T : Entity =>
        await FindOrNullAsync(set, id, cancellationToken) ?? throw new InvalidOperationException($"{typeof(T).Name} {id} does not exist.");

    /// <summary>
    /// Tracked first (created in this transaction), else the database. The ids come from the event
    /// itself, so this may look past the tenant filter (seeding and background jobs have no caller).
    /// </summary>
    private Task<T?> FindOrNullAsync<T>(DbSet<T> set, Guid id, CancellationToken cancellationToken) where T : Entity =>
        db.FindTrackedOrStoredAsync(set, id, cancellationToken);

    private async Task<WebhookUser> UserAsync(Guid memberId, CancellationToken cancellationToken)
    {
        var member = await FindAsync(db.Members, memberId, cancellationToken);
        return new WebhookUser(member.Id, member.Email, member.Name, RoleName(member.Role));
    }

    private async Task<WebhookPerson?> PersonOrNullAsync(Guid? memberId, CancellationToken cancellationToken)
    {
        if (memberId is null) return null;
        var member = await FindOrNullAsync(db.Members, memberId.Value, cancellationToken);
        return member is null ? null : new WebhookPerson(member.Id, member.Email, member.Name);
    }

    private async Task<WebhookScenario?> ScenarioOrNullAsync(Guid? scenarioId, CancellationToken cancellationToken)
    {
        if (scenarioId is null) return null;
        Scenario scenario = await FindAsync(db.Scenarios, scenarioId.Value, cancellationToken);
        return new WebhookScenario(scenario.Id, scenario.Title);
    }

    private async Task<WebhookTrack?> TrackOrNullAsync(Guid? trackId, CancellationToken cancellationToken)
    {
        if (trackId is null) return null;
        Track track = await FindAsync(db.Tracks, trackId.Value, cancellationToken);
        return new WebhookTrack(track.Id, track.Title);
    }

    private async Task<WebhookAssignment> AssignmentAsync(Assignment assignment, CancellationToken cancellationToken) => new(
        assignment.Id,
        assignment.DueAt,
        await ScenarioOrNullAsync(assignment.ScenarioId, cancellationToken),
        await TrackOrNullAsync(assignment.TrackId, cancellationToken),
        await PersonOrNullAsync(assignment.AssignedById, cancellationToken),
        assignment.CreatedAt);

    private async Task<WebhookAttempt> AttemptAsync(Guid attemptId, int threshold, CancellationToken cancellationToken)
    {
        var attempt = await FindAsync(db.Attempts, attemptId, cancellationToken);
        var k = attempt.Kpis;
        var score = attempt.Score ?? 0;
        return new WebhookAttempt(
            attempt.Id,
            score,
            score >= threshold,
            attempt.DurationSeconds ?? (int)Math.Round(k.CallDurationSeconds),
            new WebhookKpis(k.TalkListenRatio, k.FillerWordCount, k.FillerWordsPerMinute, k.QuestionsAsked,
                k.LongestMonologueSeconds, k.WordsPerMinute, k.PatienceSeconds, k.Interruptions),
            attempt.RecordingStatus is RecordingStatus.None or RecordingStatus.Deleted ? null : $"{urls.BaseUrl}/api/attempts/{attempt.Id}/recording",
            $"{urls.BaseUrl}/api/attempts/{attempt.Id}/transcript",
            attempt.EndedAt ?? attempt.UpdatedAt);
    }
}
