using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Domain.Assignments;
using VoiceTraining.Domain.Attempts;
using VoiceTraining.Domain.Attempts.Analysis;
using VoiceTraining.Domain.Usage;

namespace VoiceTraining.Application.Calls;

/// <summary>
/// What finishing a call means: measure and score the conversation, complete the attempt, record
/// the voice minutes, complete the assignment, and notice a track the member has now finished.
/// Runs inside the webhook command's transaction; the caller has scoped the context to the org.
/// </summary>
public sealed class CallCompletion(IApplicationDbContext db, IVoiceSettings voice)
{
    /// <returns>False when the attempt was already completed (a repeated report).</returns>
    public async Task<bool> CompleteAsync(Attempt attempt, CallEvent e, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var scenario = await db.Scenarios.SingleAsync(s => s.Id == attempt.ScenarioId, cancellationToken);
        var kpis = ConversationAnalyzer.Analyze(e.Transcript, e.DurationSeconds);
        var analysis = e.SuccessEvaluation is null && e.StructuredData is null && e.AnalysisSummary is null
            ? null
            : new CallAnalysis { Summary = e.AnalysisSummary, SuccessEvaluation = e.SuccessEvaluation, StructuredData = e.StructuredData };
        var result = RubricScorer.Score(scenario.Rubric, e.Transcript, kpis, analysis);

        var firstCompletionOfScenario = !await db.Attempts.AnyAsync(a => a.MemberId == attempt.MemberId
            && a.ScenarioId == attempt.ScenarioId && a.Status == AttemptStatus.Completed && a.Id != attempt.Id, cancellationToken);

        var outcome = new CallOutcome
        {
            ProviderCallId = e.ProviderCallId,
            StartedAt = e.StartedAt,
            EndedAt = e.EndedAt,
            DurationSeconds = e.DurationSeconds,
            Transcript = e.Transcript,
            RecordingUrl = e.RecordingUrl,
            EndedReason = e.EndedReason,
            AnalysisSummary = e.AnalysisSummary,
        };
        if (!attempt.Complete(outcome, kpis, result.Score, result.Criteria, result.Summary, scenario.PassingThreshold, now))
            return false;

        db.VoiceUsageRecords.Add(new VoiceUsageRecord(attempt.OrgId, attempt.MemberId, attempt.Id, "vapi",
            attempt.DurationSeconds ?? 0, voice.PricePerMinuteUsd, now));

        await CompleteAssignmentAsync(attempt, now, cancellationToken);
        if (firstCompletionOfScenario) await RecordFinishedTracksAsync(attempt, now, cancellationToken);
        return true;
    }

    private async Task CompleteAssignmentAsync(Attempt attempt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (attempt.AssignmentId is not { } assignmentId) return;
        var assignment = await db.Assignments.SingleOrDefaultAsync(a => a.Id == assignmentId, cancellationToken);
        if (assignment is null || assignment.IsCompleted) return;
        if (assignment.ScenarioId is not null)
        {
            assignment.Complete(now);
            return;
        }
        var remaining = await RemainingScenariosAsync(assignment.TrackId!.Value, attempt, cancellationToken);
        if (remaining == 0) assignment.Complete(now);
    }

    /// <summary>Every track containing this scenario whose scenarios the member has now all completed.</summary>
    private async Task RecordFinishedTracksAsync(Attempt attempt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var tracks = await db.Tracks.Include(t => t.Scenarios)
            .Where(t => t.Scenarios.Any(s => s.ScenarioId == attempt.ScenarioId))
            .ToListAsync(cancellationToken);
        foreach (var track in tracks)
        {
            if (await RemainingScenariosAsync(track.Id, attempt, cancellationToken) != 0) continue;
            var assignmentId = await db.Assignments
                .Where(a => a.TrackId == track.Id && a.MemberId == attempt.MemberId)
                .OrderByDescending(a => a.CreatedAt).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(cancellationToken);
            track.RecordCompletion(attempt.MemberId, assignmentId, now);
        }
    }

    /// <summary>How many of the track's scenarios the member has not completed yet (this attempt counts as completed).</summary>
    private Task<int> RemainingScenariosAsync(Guid trackId, Attempt attempt, CancellationToken cancellationToken) =>
        db.Tracks.Where(t => t.Id == trackId).SelectMany(t => t.Scenarios)
            .CountAsync(s => s.ScenarioId != attempt.ScenarioId
                && !db.Attempts.Any(a => a.MemberId == attempt.MemberId && a.ScenarioId == s.ScenarioId && a.Status == AttemptStatus.Completed),
                cancellationToken);
}
