using AutoMapper;
using FluentValidation;
using MediatR;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Common.Models;
using VoiceTraining.Domain.Attempts;

namespace VoiceTraining.Application.Attempts.Queries.GetAttempts;

public sealed record GetAttemptsQuery : IQuery<PagedResult<AttemptSummaryDto>>, IPagedQuery
{
    public Guid? MemberId { get; init; }
    public Guid? ScenarioId { get; init; }
    public Guid? AssignmentId { get; init; }
    public AttemptStatus? Status { get; init; }
    /// <summary>Only attempts created at or after this time.</summary>
    public DateTimeOffset? From { get; init; }
    /// <summary>Only attempts created before this time.</summary>
    public DateTimeOffset? To { get; init; }
    public SortOrder Sort { get; init; } = SortOrder.Newest;
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = Paging.DefaultPageSize;
}

public sealed class GetAttemptsQueryValidator : AbstractValidator<GetAttemptsQuery>
{
    public GetAttemptsQueryValidator()
    {
        this.AddPagingRules();
        RuleFor(q => q.To).GreaterThan(q => q.From).When(q => q.From is not null && q.To is not null)
            .WithMessage("'to' must be after 'from'.");
    }
}

internal sealed class GetAttemptsQueryHandler(IApplicationDbContext db, ICurrentUser user, IMapper mapper)
    : IRequestHandler<GetAttemptsQuery, PagedResult<AttemptSummaryDto>>
{
    public Task<PagedResult<AttemptSummaryDto>> Handle(GetAttemptsQuery request, CancellationToken cancellationToken)
    {
        var query = db.Attempts.VisibleToCaller(db, user);
        if (request.MemberId is { } memberId) query = query.Where(a => a.MemberId == memberId);
        if (request.ScenarioId is { } scenarioId) query = query.Where(a => a.ScenarioId == scenarioId);
        if (request.AssignmentId is { } assignmentId) query = query.Where(a => a.AssignmentId == assignmentId);
        if (request.Status is { } status) query = query.Where(a => a.Status == status);
        if (request.From is { } from) query = query.Where(a => a.CreatedAt >= from);
        if (request.To is { } to) query = query.Where(a => a.CreatedAt < to);
        query = request.Sort == SortOrder.Oldest
            ? query.OrderBy(a => a.CreatedAt).ThenBy(a => a.Id)
            : query.OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id);
        return query.ToPageAsync<Attempt, AttemptSummaryDto>(mapper.ConfigurationProvider, request, cancellationToken);
    }
}
