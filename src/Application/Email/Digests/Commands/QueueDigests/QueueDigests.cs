using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Behaviours;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Email.Templates;
using VoiceTraining.Application.Leaderboard;
using VoiceTraining.Domain.Assignments;
using VoiceTraining.Domain.Attempts;
using VoiceTraining.Domain.Email;
using VoiceTraining.Domain.Members;

namespace VoiceTraining.Application.Email.Digests.Commands.QueueDigests;

/// <summary>
/// Queues the manager digests of one organization that are due now: for each active manager and
/// admin whose preference is daily or weekly, one email per period (the period's key is the
/// email's dedupe key, so running this again, on any instance, queues nothing new). A manager's
/// team is the members reporting to them; an admin's is the whole organization. Managers without
/// a team get none, and nobody gets one for a period that ended before they joined. Run by the
/// digest scheduler; returns how many were queued.
/// </summary>
public sealed record QueueDigestsCommand(Guid OrgId) : ICommand<int>, IAllowedWhenReadOnly;

internal sealed class QueueDigestsCommandHandler(
    IApplicationDbContext db, IRowLocks locks, IPublicUrls urls, IUnsubscribeTokens tokens, IAfterCommit afterCommit, IEmailOutboxSignal signal,
    DigestOptions options, TimeProvider clock)
    : IRequestHandler<QueueDigestsCommand, int>
{
    private const int MaxRows = 50;

    public async Task<int> Handle(QueueDigestsCommand request, CancellationToken cancellationToken)
    {
        db.ScopeToOrganization(request.OrgId);
        // One scheduler at a time per organization: the second one then sees the first one's digests.
        await locks.LockOrganizationAsync(request.OrgId, cancellationToken);
        var now = clock.GetUtcNow();
        var links = new EmailLinks(urls, tokens);
        var org = await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == request.OrgId, cancellationToken);
        var members = await db.Members.AsNoTracking().Where(m => m.Status == MemberStatus.Active).ToListAsync(cancellationToken);
        var recipients = members.Where(m => m.CanManage).ToList();
        var recipientIds = recipients.Select(m => m.Id).ToList();
        var stored = await db.EmailPreferences.AsNoTracking().Where(p => recipientIds.Contains(p.MemberId)).ToDictionaryAsync(p => p.MemberId, cancellationToken);

        var queued = 0;
        foreach (var recipient in recipients)
        {
            var preferences = stored.GetValueOrDefault(recipient.Id)?.Values ?? EmailPreferences.DefaultFor(recipient.Role);
            if (DigestPeriod.DueAt(preferences.Digest, now, options.DigestHourUtc) is not { } period) continue;
            // Nobody gets a digest of a period that ended before they joined.
            if (recipient.CreatedAt >= period.End) continue;
            var key = $"digest:{recipient.Id}:{period.Key}";
            if (await db.EmailMessages.AnyAsync(e => e.DedupeKey == key, cancellationToken)) continue;

            var team = recipient.Role == MemberRole.Admin
                ? members.Where(m => m.Id != recipient.Id).ToList()
                : members.Where(m => m.ManagerId == recipient.Id).ToList();
            if (team.Count == 0) continue;

            var model = await BuildAsync(recipient, org.Name, team, period, now, links, cancellationToken);
            var rendered = EmailTemplates.Digest(model);
            db.EmailMessages.Add(new EmailMessage(recipient.OrgId, recipient.Id, recipient.Email, recipient.Name, EmailTemplateNames.Digest,
                EmailCategory.Digest, rendered.Subject, rendered.Html, rendered.Text, replyTo: null, model.UnsubscribeUrl, key, now));
            queued++;
        }
        if (queued == 0) return 0;
        await db.SaveChangesAsync(cancellationToken);
        afterCommit.Enqueue(signal.Notify);
        return queued;
    }

    private async Task<DigestModel> BuildAsync(Member recipient, string orgName, List<Member> team, DigestPeriod period, DateTimeOffset now,
        EmailLinks links, CancellationToken cancellationToken)
    {
        var teamIds = team.Select(m => m.Id).ToList();
        var attempts = await db.Attempts.AsNoTracking()
            .Where(a => teamIds.Contains(a.MemberId) && a.Status == AttemptStatus.Completed && a.Score != null
                        && a.EndedAt >= period.Start && a.EndedAt < period.End)
            .Select(a => new { a.MemberId, Score = a.Score!.Value, a.Scenario!.PassingThreshold, a.Kpis })
            .ToListAsync(cancellationToken);
        var overdue = await db.Assignments.AsNoTracking()
            .Where(x => teamIds.Contains(x.MemberId) && x.Status != AssignmentStatus.Completed && x.DueAt != null && x.DueAt < now)
            .OrderBy(x => x.DueAt).Take(MaxRows)
            .Select(x => new { x.MemberId, DueAt = x.DueAt!.Value, ScenarioTitle = (string?)x.Scenario!.Title, TrackTitle = (string?)x.Track!.Title })
            .ToListAsync(cancellationToken);

        var names = team.ToDictionary(m => m.Id, m => m.Name);
        var rows = team.OrderBy(m => m.Name, StringComparer.OrdinalIgnoreCase).Take(MaxRows).Select(m =>
        {
            var mine = attempts.Where(a => a.MemberId == m.Id).ToList();
            return new DigestMemberRow(m.Name, mine.Count, mine.Count == 0 ? null : Math.Round(mine.Average(a => a.Score), 1),
                mine.Count(a => a.Score >= a.PassingThreshold));
        }).ToList();
        var kpis = KpiAveragesDto.Of([.. attempts.Select(a => a.Kpis)]);
        var unsubscribeUrl = links.Unsubscribe(recipient.OrgId, recipient.Id, EmailCategory.Digest);

        return new DigestModel(recipient.Email, recipient.Name, orgName, period.Frequency == DigestFrequency.Weekly, period.Label, team.Count,
            attempts.Count, attempts.Count == 0 ? null : Math.Round(attempts.Average(a => a.Score), 1),
            attempts.Count == 0 ? 0 : (int)Math.Round(100.0 * attempts.Count(a => a.Score >= a.PassingThreshold) / attempts.Count),
            kpis.TalkRatio, kpis.FillerWordsPerMinute, kpis.QuestionsAsked, kpis.WordsPerMinute, rows,
            [.. overdue.Select(o => new DigestOverdueRow(names.GetValueOrDefault(o.MemberId, "?"), o.TrackTitle ?? o.ScenarioTitle ?? "Assignment",
                o.DueAt, (int)Math.Floor((now - o.DueAt).TotalDays)))],
            links.App("/manage/results"), unsubscribeUrl);
    }
}
