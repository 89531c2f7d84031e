using AutoMapper;
using FluentValidation;
using MediatR;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Common.Models;
using VoiceTraining.Domain.Assignments;

namespace VoiceTraining.Application.Assignments.Queries.GetAssignments;

/// <summary>Lists assignments: by default trainees see theirs, managers their team's, admins all.</summary>
public sealed record GetAssignmentsQuery : IQuery<PagedResult<AssignmentDto>>, IPagedQuery
{
    public AssignmentScope? Scope { get; init; }
    public AssignmentStatus? Status { get; init; }
    public Guid? MemberId { get; init; }
    public Guid? ScenarioId { get; init; }
    public Guid? TrackId { get; init; }
    public SortOrder Sort { get; init; } = SortOrder.Newest;
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = Paging.DefaultPageSize;
}

public sealed class GetAssignmentsQueryValidator : AbstractValidator<GetAssignmentsQuery>
{
    public GetAssignmentsQueryValidator() => this.AddPagingRules();
}

internal sealed class GetAssignmentsQueryHandler(IApplicationDbContext db, ICurrentUser user, IMapper mapper, TimeProvider clock)
    : IRequestHandler<GetAssignmentsQuery, PagedResult<AssignmentDto>>
{
    public Task<PagedResult<AssignmentDto>> Handle(GetAssignmentsQuery request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var query = db.Assignments.Visible(db, user, request.Scope);
        if (request.MemberId is { } memberId) query = query.Where(a => a.MemberId == memberId);
        if (request.ScenarioId is { } scenarioId) query = query.Where(a => a.ScenarioId == scenarioId);
        if (request.TrackId is { } trackId) query = query.Where(a => a.TrackId == trackId);
        query = request.Status switch
        {
            AssignmentStatus.Completed => query.Where(a => a.Status == AssignmentStatus.Completed),
            AssignmentStatus.Overdue => query.Where(a => a.Status != AssignmentStatus.Completed && a.DueAt != null && a.DueAt < now),
            AssignmentStatus.Pending => query.Where(a => a.Status != AssignmentStatus.Completed && (a.DueAt == null || a.DueAt >= now)),
            _ => query,
        };
        query = request.Sort == SortOrder.Oldest
            ? query.OrderBy(a => a.CreatedAt).ThenBy(a => a.Id)
            : query.OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id);
        return query.ToPageAsync<Assignment, AssignmentDto>(mapper.ConfigurationProvider, request, cancellationToken, new { now });
    }
}
