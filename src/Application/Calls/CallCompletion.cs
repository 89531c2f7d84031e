using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Domain.Assignments;
using VoiceTraining.Domain.Attempts;
using VoiceTraining.Domain.Attempts.Analysis;
using VoiceTraining.Application.Voice.Sessions;
using VoiceTraining.Domain.Usage;
using VoiceTraining.Domain.Voice;

namespace VoiceTraining.Application.Calls;

/// <summary>
/// What finishing a call means: measure and score the conversation, complete the attempt, record
/// the voice minutes, complete the assignment, and notice a track the member has now finished.
/// The same for a Vapi call (its end-of-call report) and a platform voice session (ended by the
/// member or the watchdog). Runs inside the caller's transaction; the context is scoped to the org.
/// </summary>
public sealed class CallCompletion(IApplicationDbContext db, VoiceSettingsLookup voiceSettings)
{
    public const string HostedCallProvider = "vapi";

    /// <summary>A Vapi call ended: its minutes are priced with the organization's voice settings.</summary>
    /// <returns>False when the attempt was already completed (a repeated report).</returns>
    public async Task<bool> CompleteAsync(Attempt attempt, CallEvent e, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!await CompleteAttemptAsync(attempt, e, now, cancellationToken)) return false;
        var price = (await voiceSettings.ForOrganizationAsync(attempt.OrgId, cancellationToken)).PricePerMinute;
        db.VoiceUsageRecords.Add(new VoiceUsageRecord(attempt.OrgId, attempt.MemberId, attempt.Id, HostedCallProvider,
            attempt.DurationSeconds ?? 0, price, now));
        return true;
    }

    /// <summary>
    /// A platform voice session has just ended (<see cref="VoiceSession.End"/>): its usage is
    /// recorded at the price it started with, and its attempt completed with the transcript the
    /// attempt holds, the measured length and the session's end reason.
    /// </summary>
    public async Task CompleteSessionAsync(Attempt attempt, VoiceSession session, DateTimeOffset now, CancellationToken cancellationToken)
    {
        db.VoiceUsageRecords.Add(VoiceUsageRecord.ForSession(session, now));
        var ended = new CallEvent
        {
            Kind = CallEventKind.Ended,
            StartedAt = session.StartedAt,
            EndedAt = session.EndedAt,
            DurationSeconds = session.DurationSeconds(now),
            Transcript = [.. attempt.Transcript],
            EndedReason = session.EndReason,
        };
        await CompleteAttemptAsync(attempt, ended, now, cancellationToken);
    }

    private async Task<bool> CompleteAttemptAsync(Attempt attempt, CallEvent e, DateTimeOffset now, CancellationToken cancellationToken)
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

        // Copying the recording into storage is work of its own, queued with the completion (the
        // caller wakes the worker once this commits).
        if (attempt.RecordingStatus == RecordingStatus.Pending)
            db.RecordingDownloads.Add(new RecordingDownload(attempt.OrgId, attempt.Id, outcome.RecordingUrl!, now));

        // Practising the scenario completes the member's open assignments of it, whichever one the call was linked to.
        var openScenarioAssignments = await db.Assignments
            .Where(a => a.MemberId == attempt.MemberId && a.ScenarioId == attempt.ScenarioId && a.Status != AssignmentStatus.Completed)
            .ToListAsync(cancellationToken);
        foreach (var assignment in openScenarioAssignments) assignment.Complete(now);

        await CompleteFinishedTracksAsync(attempt, firstCompletionOfScenario, now, cancellationToken);
        return true;
    }

    /// <summary>
    /// Every track containing this scenario whose scenarios the member has now all completed: its
    /// open assignments complete, and track.completed is recorded when this call finished the track.
    /// </summary>
    private async Task CompleteFinishedTracksAsync(Attempt attempt, bool firstCompletionOfScenario, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var tracks = await db.Tracks.Include(t => t.Scenarios)
            .Where(t => t.Scenarios.Any(s => s.ScenarioId == attempt.ScenarioId))
            .ToListAsync(cancellationToken);
        foreach (var track in tracks)
        {
            if (await RemainingScenariosAsync(track.Id, attempt, cancellationToken) != 0) continue;
            var assignments = await db.Assignments
                .Where(a => a.TrackId == track.Id && a.MemberId == attempt.MemberId)
                .OrderByDescending(a => a.CreatedAt).ToListAsync(cancellationToken);
            foreach (var open in assignments.Where(a => !a.IsCompleted)) open.Complete(now);
            // Only the call that completed the track's last outstanding scenario reports it.
            if (firstCompletionOfScenario) track.RecordCompletion(attempt.MemberId, assignments.FirstOrDefault()?.Id, now);
        }
    }

    /// <summary>How many of the track's scenarios the member has not completed yet (this attempt counts as completed).</summary>
    private Task<int> RemainingScenariosAsync(Guid trackId, Attempt attempt, CancellationToken cancellationToken) =>
        db.Tracks.Where(t => t.Id == trackId).SelectMany(t => t.Scenarios)
            .CountAsync(s => s.ScenarioId != attempt.ScenarioId
                && !db.Attempts.Any(a => a.MemberId == attempt.MemberId && a.ScenarioId == s.ScenarioId && a.Status == AttemptStatus.Completed),
                cancellationToken);
}
