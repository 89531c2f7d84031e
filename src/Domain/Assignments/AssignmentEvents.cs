using VoiceTraining.Domain.Common;

namespace VoiceTraining.Domain.Assignments;

/// <summary>A scenario (or a track) was assigned to a member.</summary>
public sealed record ScenarioAssigned : DomainEvent
{
    public override string Type => "scenario.assigned";
    public Guid AssignmentId { get; init; }
    public Guid MemberId { get; init; }
    public Guid? ScenarioId { get; init; }
    public Guid? TrackId { get; init; }
    public Guid? AssignedById { get; init; }
}

/// <summary>An assignment passed its due date without being completed (reported once).</summary>
public sealed record AssignmentOverdue : DomainEvent
{
    public override string Type => "assignment.overdue";
    public Guid AssignmentId { get; init; }
    public Guid MemberId { get; init; }
    public int DaysOverdue { get; init; }
}
