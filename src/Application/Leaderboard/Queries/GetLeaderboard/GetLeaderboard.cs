using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Domain.Attempts;

namespace VoiceTraining.Application.Leaderboard.Queries.GetLeaderboard;

/// <summary>The organization's leaderboard over completed, scored attempts.</summary>
public sealed record GetLeaderboardQuery : IQuery<LeaderboardDto>
{
    public LeaderboardPeriod Period { get; init; } = LeaderboardPeriod.Month;
    /// <summary>Only attempts of this scenario.</summary>
    public Guid? ScenarioId { get; init; }
    /// <summary>Only attempts of this track's scenarios.</summary>
    public Guid? TrackId { get; init; }
}

internal sealed class GetLeaderboardQueryHandler(IApplicationDbContext db, TimeProvider clock)
    : IRequestHandler<GetLeaderboardQuery, LeaderboardDto>
{
    public async Task<LeaderboardDto> Handle(GetLeaderboardQuery request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        DateTimeOffset? from = request.Period switch
        {
            LeaderboardPeriod.Week => now.AddDays(-7),
            LeaderboardPeriod.Month => now.AddDays(-30),
            _ => null,
        };

        var attempts = db.Attempts.Where(a => a.Status == AttemptStatus.Completed && a.Score != null);
        if (from is not null) attempts = attempts.Where(a => a.EndedAt >= from);
        if (request.ScenarioId is { } scenarioId) attempts = attempts.Where(a => a.ScenarioId == scenarioId);
        if (request.TrackId is { } trackId)
            attempts = attempts.Where(a => db.Tracks.Where(t => t.Id == trackId).SelectMany(t => t.Scenarios).Any(s => s.ScenarioId == a.ScenarioId));

        // KPIs are a jsonb document per attempt: aggregate them here, after selecting only what is needed.
        var rows = await attempts
            .Select(a => new { a.MemberId, MemberName = a.Member!.Name, Score = a.Score!.Value, a.Kpis })
            .ToListAsync(cancellationToken);

        var entries = rows.GroupBy(r => (r.MemberId, r.MemberName))
            .Select(g => new LeaderboardEntryDto
            {
                MemberId = g.Key.MemberId,
                MemberName = g.Key.MemberName,
                BestScore = g.Max(r => r.Score),
                AverageScore = Math.Round(g.Average(r => r.Score), 1),
                Attempts = g.Count(),
                KpiAverages = KpiAveragesDto.Of(g.Select(r => r.Kpis).ToList()),
            })
            .OrderByDescending(e => e.BestScore).ThenByDescending(e => e.AverageScore).ThenByDescending(e => e.Attempts)
            .ThenBy(e => e.MemberName, StringComparer.Ordinal)
            .Select((e, i) => e with { Rank = i + 1 })
            .ToList();

        return new LeaderboardDto { Period = request.Period, From = from, ScenarioId = request.ScenarioId, TrackId = request.TrackId, Entries = entries };
    }
}
