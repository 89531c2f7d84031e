using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Attempts;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Leaderboard;
using VoiceTraining.Domain.Attempts;

namespace VoiceTraining.Application.Progress.Queries.GetProgress;

/// <summary>A member's progress (default: the caller). Trainees see their own; managers their team's; admins anyone's.</summary>
public sealed record GetProgressQuery : IQuery<ProgressDto>
{
    public Guid? MemberId { get; init; }
    public Guid? ScenarioId { get; init; }
    public DateTimeOffset? From { get; init; }
}

internal sealed class GetProgressQueryHandler(IApplicationDbContext db, ICurrentUser user)
    : IRequestHandler<GetProgressQuery, ProgressDto>
{
    public async Task<ProgressDto> Handle(GetProgressQuery request, CancellationToken cancellationToken)
    {
        var memberId = request.MemberId ?? user.RequireMemberId();
        var member = await db.Members.Where(m => m.Id == memberId).Select(m => new { m.Id, m.Name }).SingleOrDefaultAsync(cancellationToken)
                     ?? throw new NotFoundException("Member", memberId);

        var attempts = db.Attempts.VisibleToCaller(db, user)
            .Where(a => a.MemberId == memberId && a.Status == AttemptStatus.Completed && a.Score != null);
        if (request.ScenarioId is { } scenarioId) attempts = attempts.Where(a => a.ScenarioId == scenarioId);
        if (request.From is { } from) attempts = attempts.Where(a => a.EndedAt >= from);

        // Someone outside the caller's visibility has no progress to show: it does not exist for them.
        if (memberId != user.MemberId && !user.IsAdmin()
            && !await db.Attempts.VisibleToCaller(db, user).AnyAsync(a => a.MemberId == memberId, cancellationToken)
            && !await db.Members.AnyAsync(m => m.Id == memberId && m.ManagerId == user.MemberId, cancellationToken))
            throw new NotFoundException("Member", memberId);

        var rows = await attempts.OrderBy(a => a.EndedAt).ThenBy(a => a.Id)
            .Select(a => new { a.Id, At = a.EndedAt ?? a.CreatedAt, a.ScenarioId, a.Scenario!.Title, Score = a.Score!.Value, a.Scenario.PassingThreshold, a.Kpis })
            .ToListAsync(cancellationToken);

        var scores = rows.Select(r => r.Score).ToList();
        return new ProgressDto
        {
            MemberId = member.Id,
            MemberName = member.Name,
            Attempts = rows.Count,
            AverageScore = rows.Count == 0 ? 0 : Math.Round(scores.Average(), 1),
            BestScore = rows.Count == 0 ? null : scores.Max(),
            RecentTrend = scores.Count < 6 ? null
                : Math.Round(scores.TakeLast(5).Average() - scores.SkipLast(5).TakeLast(5).Average(), 1),
            KpiAverages = KpiAveragesDto.Of(rows.Select(r => r.Kpis).ToList()),
            Points = rows.Select(r => new ProgressPointDto
            {
                AttemptId = r.Id, At = r.At, ScenarioId = r.ScenarioId, ScenarioTitle = r.Title, Score = r.Score,
                Passed = r.Score >= r.PassingThreshold, Kpis = KpiAveragesDto.Of([r.Kpis]),
            }).ToList(),
        };
    }
}
