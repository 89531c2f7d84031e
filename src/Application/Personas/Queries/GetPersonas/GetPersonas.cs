using AutoMapper;
using FluentValidation;
using MediatR;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Models;
using VoiceTraining.Domain.Personas;

namespace VoiceTraining.Application.Personas.Queries.GetPersonas;

public sealed record GetPersonasQuery : IQuery<PagedResult<PersonaDto>>, IPagedQuery
{
    public Difficulty? Difficulty { get; init; }
    /// <summary>Matches the name, case-insensitively.</summary>
    public string? Search { get; init; }
    public SortOrder Sort { get; init; } = SortOrder.Newest;
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = Paging.DefaultPageSize;
}

public sealed class GetPersonasQueryValidator : AbstractValidator<GetPersonasQuery>
{
    public GetPersonasQueryValidator()
    {
        this.AddPagingRules();
        RuleFor(q => q.Search).MaximumLength(200);
    }
}

internal sealed class GetPersonasQueryHandler(IApplicationDbContext db, IMapper mapper)
    : IRequestHandler<GetPersonasQuery, PagedResult<PersonaDto>>
{
    public Task<PagedResult<PersonaDto>> Handle(GetPersonasQuery request, CancellationToken cancellationToken)
    {
        IQueryable<Persona> query = db.Personas;
        if (request.Difficulty is { } difficulty) query = query.Where(p => p.Difficulty == difficulty);
        if (!string.IsNullOrWhiteSpace(request.Search))
        {
            var term = request.Search.Trim().ToLowerInvariant();
            query = query.Where(p => p.Name.ToLower().Contains(term));
        }
        query = request.Sort == SortOrder.Oldest
            ? query.OrderBy(p => p.CreatedAt).ThenBy(p => p.Id)
            : query.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id);
        return query.ToPageAsync<Persona, PersonaDto>(mapper.ConfigurationProvider, request, cancellationToken);
    }
}
