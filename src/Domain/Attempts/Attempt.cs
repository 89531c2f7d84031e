using VoiceTraining.Domain.Attempts.Analysis;
using VoiceTraining.Domain.Common;
using VoiceTraining.Domain.Members;
using VoiceTraining.Domain.Scenarios;

namespace VoiceTraining.Domain.Attempts;

public enum AttemptStatus
{
    InProgress,
    Completed,
    Failed,
}

/// <summary>One turn of a call's transcript. The trainee is <c>user</c>; times are ms from call start.</summary>
public sealed class TranscriptTurn
{
    public string Role { get; init; } = "";
    public string Text { get; init; } = "";
    public long TimestampMs { get; init; }
    /// <summary>End of the turn when the provider gives it (Vapi's native messages do).</summary>
    public long? EndMs { get; init; }
}

/// <summary>A criterion's result in an attempt's score.</summary>
public sealed class CriterionScore
{
    public string Name { get; init; } = "";
    public VoiceTraining.Domain.Scenarios.CriterionKind Kind { get; init; }
    public int Weight { get; init; }
    /// <summary>Whether the criterion was met.</summary>
    public bool Met { get; init; }
    /// <summary>False when the criterion could not be judged (e.g. no model evaluation on the call); it then counts for nothing.</summary>
    public bool Scored { get; init; } = true;
    /// <summary>0–100 for this criterion.</summary>
    public int Score { get; init; }
    /// <summary>Weighted points this criterion contributed to the attempt's 0–100 score.</summary>
    /// <remarks>Set by the scorer once all weights are known, before the result reaches an attempt.</remarks>
    public double Points { get; set; }
    /// <summary>One sentence, quoting the transcript where it can.</summary>
    public string Feedback { get; init; } = "";
}

public enum RecordingStatus
{
    /// <summary>The call produced no recording.</summary>
    None,
    /// <summary>The provider has it; we have not copied it yet (its <see cref="RecordingDownload"/> is under way).</summary>
    Pending,
    Stored,
    /// <summary>Every download attempt failed; the provider's copy has probably expired.</summary>
    Failed,
    /// <summary>Deleted on purpose: the member's account was deleted and the retention period passed.</summary>
    Deleted,
}

/// <summary>What the voice provider reported about a finished call.</summary>
public sealed record CallOutcome
{
    public string? ProviderCallId { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public int? DurationSeconds { get; init; }
    public IReadOnlyList<TranscriptTurn> Transcript { get; init; } = [];
    public string? RecordingUrl { get; init; }
    public string? EndedReason { get; init; }
    public string? AnalysisSummary { get; init; }
}

/// <summary>One practice call of a scenario (table scenario_attempts).</summary>
public sealed class Attempt : TenantEntity
{
    public Guid MemberId { get; private set; }
    public Guid ScenarioId { get; private set; }
    public Guid? AssignmentId { get; private set; }
    public Member? Member { get; private set; }
    public Scenario? Scenario { get; private set; }
    public string? ProviderCallId { get; private set; }
    public AttemptStatus Status { get; private set; }
    public DateTimeOffset? StartedAt { get; private set; }
    public DateTimeOffset? EndedAt { get; private set; }
    public int? DurationSeconds { get; private set; }
    public List<TranscriptTurn> Transcript { get; private set; } = [];
    public string? EndedReason { get; private set; }
    public string? AnalysisSummary { get; private set; }

    /// <summary>
    /// What became of the call's recording. Copying it from the provider is a
    /// <see cref="RecordingDownload"/> of its own; the attempt keeps only the facts about our copy.
    /// </summary>
    public RecordingStatus RecordingStatus { get; private set; }
    /// <summary>The storage key of our copy: {orgId}/{attemptId}.{ext}.</summary>
    public string? RecordingKey { get; private set; }
    public string? RecordingContentType { get; private set; }
    public long? RecordingBytes { get; private set; }

    /// <summary>The conversation KPIs measured on the transcript (talk/listen, fillers, pace, questions …).</summary>
    public ConversationKpis Kpis { get; private set; } = new();
    public int? Score { get; private set; }
    public List<CriterionScore> CriterionScores { get; private set; } = [];
    public string? Feedback { get; private set; }
    public string? FailureReason { get; private set; }

    private Attempt() { }

    public Attempt(Guid orgId, Guid memberId, Guid scenarioId, Guid? assignmentId, DateTimeOffset now)
        : base(orgId, now)
    {
        MemberId = memberId;
        ScenarioId = scenarioId;
        AssignmentId = assignmentId;
        Status = AttemptStatus.InProgress;
    }

    public bool IsFinished => Status is AttemptStatus.Completed or AttemptStatus.Failed;

    /// <summary>The call connected. Late or repeated notices change nothing once the call is over.</summary>
    public void Started(string? providerCallId, DateTimeOffset? startedAt, DateTimeOffset now)
    {
        BindCall(providerCallId);
        if (Status != AttemptStatus.InProgress) return;
        StartedAt ??= startedAt ?? now;
        Touch(now);
    }

    /// <summary>A live transcript update (optional): kept until the final report replaces it.</summary>
    public void TranscriptUpdated(string? providerCallId, IReadOnlyList<TranscriptTurn> transcript, DateTimeOffset now)
    {
        BindCall(providerCallId);
        if (Status != AttemptStatus.InProgress || transcript.Count <= Transcript.Count) return;
        Transcript = [.. transcript];
        Touch(now);
    }

    /// <summary>
    /// Turns of a call the platform runs itself (a voice session), appended as they happen. Only while
    /// the call is in progress; returns false (changing nothing) once it is over.
    /// </summary>
    public bool AppendTurns(IEnumerable<TranscriptTurn> turns, DateTimeOffset now)
    {
        if (Status != AttemptStatus.InProgress) return false;
        var added = turns.Where(t => !string.IsNullOrWhiteSpace(t.Text)).ToList();
        if (added.Count == 0) return false;
        StartedAt ??= now;
        // A new list: the transcript is a jsonb document compared by value.
        Transcript = [.. Transcript, .. added];
        Touch(now);
        return true;
    }

    /// <summary>
    /// The call ended: keep what happened and its score. Returns false when the attempt was already
    /// completed (a repeated report), so nothing is recorded twice. A report after a failure wins:
    /// the provider's end-of-call report is the final word on the call.
    /// </summary>
    public bool Complete(CallOutcome outcome, ConversationKpis kpis, int score, IEnumerable<CriterionScore> criteria,
        string feedback, int passingThreshold, DateTimeOffset now)
    {
        if (Status == AttemptStatus.Completed) return false;
        BindCall(outcome.ProviderCallId);
        Status = AttemptStatus.Completed;
        StartedAt = outcome.StartedAt ?? StartedAt ?? CreatedAt;
        EndedAt = outcome.EndedAt ?? now;
        DurationSeconds = outcome.DurationSeconds ?? (int)Math.Max(0, Math.Round((EndedAt.Value - StartedAt.Value).TotalSeconds));
        Transcript = [.. outcome.Transcript];
        EndedReason = outcome.EndedReason;
        AnalysisSummary = outcome.AnalysisSummary;
        FailureReason = null;
        Kpis = kpis;
        Score = Math.Clamp(score, 0, 100);
        CriterionScores = [.. criteria];
        Feedback = feedback;

        // Pending until the download the caller queues beside it (a RecordingDownload) has copied it.
        RecordingStatus = string.IsNullOrWhiteSpace(outcome.RecordingUrl) ? RecordingStatus.None : RecordingStatus.Pending;
        Touch(now);

        Raise(new ScenarioCompleted
        {
            OrgId = OrgId, OccurredAt = now, AttemptId = Id, MemberId = MemberId, ScenarioId = ScenarioId,
            Score = Score.Value, PassingThreshold = passingThreshold, DurationSeconds = DurationSeconds.Value,
        });
        if (Score < passingThreshold)
            Raise(new AttemptScoredLow { OrgId = OrgId, OccurredAt = now, AttemptId = Id, MemberId = MemberId, ScenarioId = ScenarioId, Score = Score.Value, Threshold = passingThreshold });
        return true;
    }

    /// <summary>The call failed before a report; the trainee can start a new attempt. Returns false if it was over already.</summary>
    public bool Fail(string? providerCallId, string reason, DateTimeOffset? endedAt, DateTimeOffset now)
    {
        BindCall(providerCallId);
        if (IsFinished) return false;
        Status = AttemptStatus.Failed;
        FailureReason = string.IsNullOrWhiteSpace(reason) ? "The call failed." : reason.Trim();
        EndedAt = endedAt ?? now;
        Touch(now);
        Raise(new AttemptFailed { OrgId = OrgId, OccurredAt = now, AttemptId = Id, MemberId = MemberId, ScenarioId = ScenarioId, Reason = FailureReason });
        return true;
    }

    /// <summary>
    /// Our copy of the recording is in storage. Returns false, changing nothing, when the recording
    /// was deleted on purpose meanwhile (the caller then deletes the copy it just made).
    /// </summary>
    public bool RecordingStored(string key, string contentType, long bytes, DateTimeOffset now)
    {
        if (RecordingStatus == RecordingStatus.Deleted) return false;
        RecordingStatus = RecordingStatus.Stored;
        RecordingKey = key;
        RecordingContentType = contentType;
        RecordingBytes = bytes;
        Touch(now);
        return true;
    }

    /// <summary>Every try to copy the recording failed: the call keeps its score, without a recording.</summary>
    public void RecordingFailed(DateTimeOffset now)
    {
        if (RecordingStatus != RecordingStatus.Pending) return;
        RecordingStatus = RecordingStatus.Failed;
        Touch(now);
    }

    /// <summary>
    /// Removes a deleted member's name from what the call left behind (transcript, feedback, summary);
    /// scores and KPIs stay. Returns whether anything changed.
    /// </summary>
    public bool RedactNames(IReadOnlyCollection<string> names, DateTimeOffset now)
    {
        var changed = false;
        string Redact(string text)
        {
            var redacted = PersonalDataRedactor.Redact(text, names);
            changed |= !ReferenceEquals(redacted, text) && redacted != text;
            return redacted;
        }
        // New turn objects: the transcript is a jsonb document compared by value.
        Transcript = Transcript.Select(t => new TranscriptTurn { Role = t.Role, Text = Redact(t.Text), TimestampMs = t.TimestampMs, EndMs = t.EndMs }).ToList();
        if (Feedback is not null) Feedback = Redact(Feedback);
        if (AnalysisSummary is not null) AnalysisSummary = Redact(AnalysisSummary);
        CriterionScores = CriterionScores.Select(c => new CriterionScore
        {
            Name = c.Name, Kind = c.Kind, Weight = c.Weight, Met = c.Met, Scored = c.Scored, Score = c.Score, Points = c.Points, Feedback = Redact(c.Feedback),
        }).ToList();
        if (changed) Touch(now);
        return changed;
    }

    /// <summary>Forgets the recording (its stored copy is deleted by the caller); returns the storage key it had.</summary>
    public string? DeleteRecording(DateTimeOffset now)
    {
        var key = RecordingKey;
        RecordingKey = null;
        RecordingContentType = null;
        RecordingBytes = null;
        RecordingStatus = RecordingStatus.Deleted;
        Touch(now);
        return key;
    }

    private void BindCall(string? providerCallId)
    {
        if (!string.IsNullOrWhiteSpace(providerCallId) && ProviderCallId is null) ProviderCallId = providerCallId;
    }
}
