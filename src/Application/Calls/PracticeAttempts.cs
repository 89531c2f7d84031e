using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Domain.Assignments;
using VoiceTraining.Domain.Attempts;
using VoiceTraining.Domain.Scenarios;

namespace VoiceTraining.Application.Calls;

/// <summary>
/// How a practice call begins, whichever pipeline carries it (a Vapi call or a platform voice
/// session): a published scenario of the organization, and an in-progress attempt linked to the
/// member's open assignment of it, if any.
/// </summary>
public sealed class PracticeAttempts(IApplicationDbContext db)
{
    /// <summary>The published scenario with its persona; 404 for a draft, archived, unknown or other organization's one.</summary>
    public async Task<Scenario> PublishedScenarioAsync(Guid scenarioId, CancellationToken cancellationToken) =>
        await db.Scenarios.Include(s => s.Persona)
            .SingleOrDefaultAsync(s => s.Id == scenarioId && s.Status == ScenarioStatus.Published, cancellationToken)
        ?? throw new NotFoundException("Scenario", scenarioId);

    /// <summary>Adds the member's new in-progress attempt of the scenario (saved with the caller's unit of work).</summary>
    public async Task<Attempt> StartAsync(Guid orgId, Guid memberId, Guid scenarioId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var assignmentId = await OpenAssignmentAsync(memberId, scenarioId, cancellationToken);
        var attempt = new Attempt(orgId, memberId, scenarioId, assignmentId, now);
        db.Attempts.Add(attempt);
        return attempt;
    }

    /// <summary>The member's open assignment of this scenario, else of a track that contains it.</summary>
    private async Task<Guid?> OpenAssignmentAsync(Guid memberId, Guid scenarioId, CancellationToken cancellationToken)
    {
        var open = db.Assignments.Where(a => a.MemberId == memberId && a.Status != AssignmentStatus.Completed);
        return await open.Where(a => a.ScenarioId == scenarioId).OrderBy(a => a.CreatedAt).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(cancellationToken)
               ?? await open.Where(a => a.Track!.Scenarios.Any(s => s.ScenarioId == scenarioId))
                   .OrderBy(a => a.CreatedAt).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(cancellationToken);
    }
}
