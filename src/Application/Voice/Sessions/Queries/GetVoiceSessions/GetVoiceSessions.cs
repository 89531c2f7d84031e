using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Common.Models;
using VoiceTraining.Domain.Voice;

namespace VoiceTraining.Application.Voice.Sessions.Queries.GetVoiceSessions;

/// <summary>The organization's voice sessions, newest first (admins: the usage report).</summary>
public sealed record GetVoiceSessionsQuery : IQuery<PagedResult<VoiceSessionDto>>, IPagedQuery
{
    public Guid? MemberId { get; init; }
    public VoiceSessionStatus? Status { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = Paging.DefaultPageSize;
}

public sealed class GetVoiceSessionsQueryValidator : AbstractValidator<GetVoiceSessionsQuery>
{
    public GetVoiceSessionsQueryValidator() => this.AddPagingRules();
}

internal sealed class GetVoiceSessionsQueryHandler(IApplicationDbContext db)
    : IRequestHandler<GetVoiceSessionsQuery, PagedResult<VoiceSessionDto>>
{
    public async Task<PagedResult<VoiceSessionDto>> Handle(GetVoiceSessionsQuery request, CancellationToken cancellationToken)
    {
        var sessions = db.VoiceSessions.AsNoTracking();
        if (request.MemberId is { } memberId) sessions = sessions.Where(s => s.MemberId == memberId);
        if (request.Status is { } status) sessions = sessions.Where(s => s.Status == status);
        var rows = db.Rows(sessions).OrderByDescending(r => r.Session.StartedAt).ThenByDescending(r => r.Session.Id);
        var page = await rows.ToPageAsync(request, cancellationToken);
        return new PagedResult<VoiceSessionDto>(page.Items.Select(r => r.ToDto()).ToList(), page.Page, page.PageSize, page.TotalCount);
    }
}
