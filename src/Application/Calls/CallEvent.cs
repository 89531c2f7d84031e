using VoiceTraining.Domain.Attempts;

namespace VoiceTraining.Application.Calls;

public enum CallEventKind
{
    Started,
    TranscriptUpdated,
    Ended,
    Failed,
}

/// <summary>
/// A voice provider's webhook, normalised: both the integration document's shape (call.ended …)
/// and the provider's native server messages (end-of-call-report …) become one of these.
/// </summary>
public sealed record CallEvent
{
    public CallEventKind Kind { get; init; }
    /// <summary>Identifies this delivery for de-duplication (provider event id, or a digest of the body).</summary>
    public string DeliveryKey { get; init; } = "";
    /// <summary>The provider's event type as received, for the ledger and logs.</summary>
    public string ProviderType { get; init; } = "";
    public string? ProviderCallId { get; init; }
    /// <summary>From the call's metadata (attempt_id), when present.</summary>
    public Guid? AttemptId { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public int? DurationSeconds { get; init; }
    public IReadOnlyList<TranscriptTurn> Transcript { get; init; } = [];
    public string? RecordingUrl { get; init; }
    public string? EndedReason { get; init; }
    public string? AnalysisSummary { get; init; }
    /// <summary>The provider's success evaluation as sent ("true", "8", "Pass" …).</summary>
    public string? SuccessEvaluation { get; init; }
    public IReadOnlyDictionary<string, string>? StructuredData { get; init; }
}

public enum CallEventOutcome
{
    Applied,
    Duplicate,
    /// <summary>No attempt matches the call (not started through this platform); acknowledged and dropped.</summary>
    UnknownCall,
}
