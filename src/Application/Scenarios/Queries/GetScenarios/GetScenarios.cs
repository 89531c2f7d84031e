using AutoMapper;
using FluentValidation;
using MediatR;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Common.Models;
using VoiceTraining.Domain.Scenarios;

namespace VoiceTraining.Application.Scenarios.Queries.GetScenarios;

/// <summary>Lists scenarios. Trainees only ever see published ones.</summary>
public sealed record GetScenariosQuery : IQuery<PagedResult<ScenarioSummaryDto>>, IPagedQuery
{
    public ScenarioStatus? Status { get; init; }
    public Guid? PersonaId { get; init; }
    /// <summary>Matches the title, case-insensitively.</summary>
    public string? Search { get; init; }
    public SortOrder Sort { get; init; } = SortOrder.Newest;
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = Paging.DefaultPageSize;
}

public sealed class GetScenariosQueryValidator : AbstractValidator<GetScenariosQuery>
{
    public GetScenariosQueryValidator()
    {
        this.AddPagingRules();
        RuleFor(q => q.Search).MaximumLength(200);
    }
}

internal sealed class GetScenariosQueryHandler(IApplicationDbContext db, ICurrentUser user, IMapper mapper)
    : IRequestHandler<GetScenariosQuery, PagedResult<ScenarioSummaryDto>>
{
    public Task<PagedResult<ScenarioSummaryDto>> Handle(GetScenariosQuery request, CancellationToken cancellationToken)
    {
        IQueryable<Scenario> query = db.Scenarios;
        if (!user.IsManagerOrAdmin()) query = query.Where(s => s.Status == ScenarioStatus.Published);
        if (request.Status is { } status) query = query.Where(s => s.Status == status);
        if (request.PersonaId is { } personaId) query = query.Where(s => s.PersonaId == personaId);
        if (!string.IsNullOrWhiteSpace(request.Search))
        {
            var term = request.Search.Trim().ToLowerInvariant();
            query = query.Where(s => s.Title.ToLower().Contains(term));
        }
        query = request.Sort == SortOrder.Oldest
            ? query.OrderBy(s => s.CreatedAt).ThenBy(s => s.Id)
            : query.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id);
        return query.ToPageAsync<Scenario, ScenarioSummaryDto>(mapper.ConfigurationProvider, request, cancellationToken);
    }
}
