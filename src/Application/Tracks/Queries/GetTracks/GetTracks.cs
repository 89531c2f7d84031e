using AutoMapper;
using FluentValidation;
using MediatR;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Common.Models;
using VoiceTraining.Domain.Tracks;

namespace VoiceTraining.Application.Tracks.Queries.GetTracks;

public sealed record GetTracksQuery : IQuery<PagedResult<TrackSummaryDto>>, IPagedQuery
{
    /// <summary>Only tracks that contain this scenario.</summary>
    public Guid? ScenarioId { get; init; }
    /// <summary>Matches the title, case-insensitively.</summary>
    public string? Search { get; init; }
    public SortOrder Sort { get; init; } = SortOrder.Newest;
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = Paging.DefaultPageSize;
}

public sealed class GetTracksQueryValidator : AbstractValidator<GetTracksQuery>
{
    public GetTracksQueryValidator()
    {
        this.AddPagingRules();
        RuleFor(q => q.Search).MaximumLength(200);
    }
}

internal sealed class GetTracksQueryHandler(IApplicationDbContext db, IMapper mapper)
    : IRequestHandler<GetTracksQuery, PagedResult<TrackSummaryDto>>
{
    public Task<PagedResult<TrackSummaryDto>> Handle(GetTracksQuery request, CancellationToken cancellationToken)
    {
        IQueryable<Track> query = db.Tracks;
        if (request.ScenarioId is { } scenarioId) query = query.Where(t => t.Scenarios.Any(s => s.ScenarioId == scenarioId));
        if (!string.IsNullOrWhiteSpace(request.Search))
        {
            var term = request.Search.Trim().ToLowerInvariant();
            query = query.Where(t => t.Title.ToLower().Contains(term));
        }
        query = request.Sort == SortOrder.Oldest
            ? query.OrderBy(t => t.CreatedAt).ThenBy(t => t.Id)
            : query.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id);
        return query.ToPageAsync<Track, TrackSummaryDto>(mapper.ConfigurationProvider, request, cancellationToken);
    }
}
