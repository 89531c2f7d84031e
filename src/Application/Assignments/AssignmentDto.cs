using AutoMapper;
using VoiceTraining.Domain.Assignments;

namespace VoiceTraining.Application.Assignments;

/// <summary>A scenario or track given to a member.</summary>
public sealed record AssignmentDto
{
    public Guid Id { get; init; }
    public Guid MemberId { get; init; }
    public string MemberName { get; init; } = "";
    /// <summary>Set when the assignment is a scenario.</summary>
    public Guid? ScenarioId { get; init; }
    public string? ScenarioTitle { get; init; }
    /// <summary>Set when the assignment is a track.</summary>
    public Guid? TrackId { get; init; }
    public string? TrackTitle { get; init; }
    public Guid? AssignedById { get; init; }
    public DateTimeOffset? DueAt { get; init; }
    /// <summary>As of now: a pending assignment past its due date reads as overdue.</summary>
    public AssignmentStatus Status { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

public sealed class AssignmentMappingProfile : Profile
{
    public AssignmentMappingProfile()
    {
        // Overdue depends on the clock: queries pass "now" as a projection parameter.
        DateTimeOffset now = default;
        CreateMap<Assignment, AssignmentDto>()
            .ForMember(d => d.MemberName, o => o.MapFrom(a => a.Member!.Name))
            .ForMember(d => d.ScenarioTitle, o => o.MapFrom(a => a.Scenario!.Title))
            .ForMember(d => d.TrackTitle, o => o.MapFrom(a => a.Track!.Title))
            .ForMember(d => d.Status, o => o.MapFrom(a =>
                a.Status == AssignmentStatus.Completed ? AssignmentStatus.Completed
                : a.DueAt != null && a.DueAt < now ? AssignmentStatus.Overdue
                : AssignmentStatus.Pending));
    }
}

/// <summary>Whose assignments a list shows.</summary>
public enum AssignmentScope
{
    /// <summary>The caller's own.</summary>
    Mine,
    /// <summary>Those of the members who report to the caller, and those the caller made.</summary>
    Team,
    /// <summary>The whole organization (admins).</summary>
    All,
}
