using AutoMapper;
using FluentValidation;
using MediatR;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Common.Models;
using VoiceTraining.Domain.Members;

namespace VoiceTraining.Application.Members.Queries.GetMembers;

public sealed record GetMembersQuery : IQuery<PagedResult<MemberDto>>, IPagedQuery
{
    public MemberRole? Role { get; init; }
    public MemberStatus? Status { get; init; }
    /// <summary>Only the members who report to this manager.</summary>
    public Guid? ManagerId { get; init; }
    /// <summary>Matches name or email, case-insensitively.</summary>
    public string? Search { get; init; }
    public SortOrder Sort { get; init; } = SortOrder.Newest;
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = Paging.DefaultPageSize;
}

public sealed class GetMembersQueryValidator : AbstractValidator<GetMembersQuery>
{
    public GetMembersQueryValidator()
    {
        this.AddPagingRules();
        RuleFor(q => q.Search).MaximumLength(200);
    }
}

internal sealed class GetMembersQueryHandler(IApplicationDbContext db, IMapper mapper)
    : IRequestHandler<GetMembersQuery, PagedResult<MemberDto>>
{
    public Task<PagedResult<MemberDto>> Handle(GetMembersQuery request, CancellationToken cancellationToken)
    {
        IQueryable<Member> query = db.Members;
        if (request.Role is { } role) query = query.Where(m => m.Role == role);
        if (request.Status is { } status) query = query.Where(m => m.Status == status);
        if (request.ManagerId is { } managerId) query = query.Where(m => m.ManagerId == managerId);
        if (!string.IsNullOrWhiteSpace(request.Search))
        {
            var term = request.Search.Trim().ToLowerInvariant();
            query = query.Where(m => m.Name.ToLower().Contains(term) || m.Email.Contains(term));
        }
        query = request.Sort == SortOrder.Oldest
            ? query.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
            : query.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id);
        return query.ToPageAsync<Member, MemberDto>(mapper.ConfigurationProvider, request, cancellationToken);
    }
}
