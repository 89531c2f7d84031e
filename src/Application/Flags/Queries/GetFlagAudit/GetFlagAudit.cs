using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Common.Models;
using VoiceTraining.Domain.Flags;

namespace VoiceTraining.Application.Flags.Queries.GetFlagAudit;

/// <summary>The audit trail an admin sees: the organization's flag changes and the global ones, newest first.</summary>
public sealed record GetFlagAuditQuery : IQuery<PagedResult<FlagChangeDto>>, IPagedQuery
{
    /// <summary>Only changes of this flag.</summary>
    public string? Key { get; init; }
    /// <summary>Only changes of this member's own setting (user scope).</summary>
    public Guid? MemberId { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = Paging.DefaultPageSize;
}

/// <summary>
/// One change: who made it and through what (source: admin, operator, billing), at
/// which scope, for which member (user scope), from what to what (null: not set).
/// </summary>
public sealed record FlagChangeDto
{
    public Guid Id { get; init; }
    public string Key { get; init; } = "";
    public FlagScope Scope { get; init; }
    public Guid? MemberId { get; init; }
    /// <summary>The member the setting is for (user scope), while they are in the organization.</summary>
    public string? MemberName { get; init; }
    public bool? OldValue { get; init; }
    public bool? NewValue { get; init; }
    public string ChangedBy { get; init; } = "";
    public string ChangedByName { get; init; } = "";
    public string Source { get; init; } = "";
    public string? Reason { get; init; }
    public DateTimeOffset ChangedAt { get; init; }
}

public sealed class GetFlagAuditQueryValidator : AbstractValidator<GetFlagAuditQuery>
{
    public GetFlagAuditQueryValidator()
    {
        this.AddPagingRules();
        RuleFor(q => q.Key).MaximumLength(64);
    }
}

internal sealed class GetFlagAuditQueryHandler(IApplicationDbContext db, ICurrentUser user)
    : IRequestHandler<GetFlagAuditQuery, PagedResult<FlagChangeDto>>
{
    public async Task<PagedResult<FlagChangeDto>> Handle(GetFlagAuditQuery request, CancellationToken cancellationToken)
    {
        var orgId = user.RequireOrgId();
        // The trail is not tenant-filtered by the model (global rows belong to no organization): the
        // organization's rows and the global ones, said here as the row-level policy says it.
        var query = db.FeatureFlagChanges.Where(c => c.OrgId == orgId || c.OrgId == null);
        if (!string.IsNullOrWhiteSpace(request.Key)) query = query.Where(c => c.Key == request.Key);
        if (request.MemberId is { } memberId) query = query.Where(c => c.MemberId == memberId);

        var skipped = (request.Page - 1) * request.PageSize;
        // One row past the page: when it is not there this is the last page and needs no count.
        var items = await query.OrderByDescending(c => c.ChangedAt).ThenByDescending(c => c.Id)
            .Skip(skipped).Take(request.PageSize + 1)
            .Select(c => new FlagChangeDto
            {
                Id = c.Id,
                Key = c.Key,
                Scope = c.Scope,
                MemberId = c.MemberId,
                MemberName = db.Members.Where(m => m.Id == c.MemberId).Select(m => m.Name).FirstOrDefault(),
                OldValue = c.OldValue,
                NewValue = c.NewValue,
                ChangedBy = c.ChangedBy,
                ChangedByName = c.ChangedByName,
                Source = c.Source,
                Reason = c.Reason,
                ChangedAt = c.ChangedAt,
            })
            .ToListAsync(cancellationToken);
        var last = items.Count <= request.PageSize && (items.Count > 0 || request.Page == 1);
        if (items.Count > request.PageSize) items.RemoveAt(request.PageSize);
        var total = last ? skipped + items.Count : await query.CountAsync(cancellationToken);
        return new PagedResult<FlagChangeDto>(items, request.Page, request.PageSize, total);
    }
}
