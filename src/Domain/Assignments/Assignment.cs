using VoiceTraining.Domain.Common;
using VoiceTraining.Domain.Members;
using VoiceTraining.Domain.Scenarios;
using VoiceTraining.Domain.Tracks;

namespace VoiceTraining.Domain.Assignments;

public enum AssignmentStatus
{
    Pending,
    Completed,
    Overdue,
}

/// <summary>A scenario or a track given to a member, usually with a due date.</summary>
public sealed class Assignment : TenantEntity
{
    public Guid MemberId { get; private set; }
    public Guid? ScenarioId { get; private set; }
    public Guid? TrackId { get; private set; }
    public Guid? AssignedById { get; private set; }
    public Member? Member { get; private set; }
    public Scenario? Scenario { get; private set; }
    public Track? Track { get; private set; }
    public DateTimeOffset? DueAt { get; private set; }
    /// <summary>The stored status; <see cref="StatusAt"/> gives the one a reader sees at a given time.</summary>
    public AssignmentStatus Status { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }
    /// <summary>When the overdue notice went out; it goes out once.</summary>
    public DateTimeOffset? OverdueNotifiedAt { get; private set; }

    private Assignment() { }

    public Assignment(Guid orgId, Guid memberId, Guid? scenarioId, Guid? trackId, Guid? assignedById, DateTimeOffset? dueAt, DateTimeOffset now)
        : base(orgId, now)
    {
        if ((scenarioId is null) == (trackId is null)) throw new DomainException("An assignment is for exactly one scenario or one track.");
        if (memberId == Guid.Empty) throw new DomainException("An assignment needs a member.");
        if (dueAt is not null && dueAt <= now) throw new DomainException("The due date must be in the future.");
        MemberId = memberId;
        ScenarioId = scenarioId;
        TrackId = trackId;
        AssignedById = assignedById;
        DueAt = dueAt;
        Status = AssignmentStatus.Pending;
        Raise(new ScenarioAssigned
        {
            OrgId = orgId, OccurredAt = now, AssignmentId = Id, MemberId = memberId,
            ScenarioId = scenarioId, TrackId = trackId, AssignedById = assignedById,
        });
    }

    public bool IsCompleted => Status == AssignmentStatus.Completed;

    /// <summary>Overdue is a matter of time: a pending assignment past its due date reads as overdue.</summary>
    public AssignmentStatus StatusAt(DateTimeOffset now) =>
        Status == AssignmentStatus.Completed ? AssignmentStatus.Completed
        : DueAt is not null && DueAt < now ? AssignmentStatus.Overdue
        : AssignmentStatus.Pending;

    /// <summary>Whole days past the due date (0 when not overdue).</summary>
    public int DaysOverdue(DateTimeOffset now) =>
        StatusAt(now) == AssignmentStatus.Overdue ? (int)Math.Floor((now - DueAt!.Value).TotalDays) : 0;

    public void Complete(DateTimeOffset now)
    {
        if (IsCompleted) return;
        Status = AssignmentStatus.Completed;
        CompletedAt = now;
        Touch(now);
    }

    /// <summary>Marks the assignment overdue; returns false when it is not overdue or was already reported.</summary>
    public bool MarkOverdue(DateTimeOffset now)
    {
        if (StatusAt(now) != AssignmentStatus.Overdue || OverdueNotifiedAt is not null) return false;
        Status = AssignmentStatus.Overdue;
        OverdueNotifiedAt = now;
        Touch(now);
        Raise(new AssignmentOverdue { OrgId = OrgId, OccurredAt = now, AssignmentId = Id, MemberId = MemberId, DaysOverdue = DaysOverdue(now) });
        return true;
    }

    public void Reschedule(DateTimeOffset? dueAt, DateTimeOffset now)
    {
        if (IsCompleted) throw new DomainException("A completed assignment cannot be rescheduled.");
        if (dueAt is not null && dueAt <= now) throw new DomainException("The due date must be in the future.");
        DueAt = dueAt;
        Status = AssignmentStatus.Pending;
        OverdueNotifiedAt = null;
        Touch(now);
    }

    /// <summary>Seeding and imports may need past due dates; normal creation may not.</summary>
    public static Assignment Imported(Guid orgId, Guid memberId, Guid? scenarioId, Guid? trackId, Guid? assignedById, DateTimeOffset? dueAt, DateTimeOffset createdAt)
    {
        var a = new Assignment(orgId, memberId, scenarioId, trackId, assignedById, null, createdAt) { DueAt = dueAt };
        a.ClearDomainEvents(); // history, not news: nobody is told about an imported assignment
        return a;
    }
}
