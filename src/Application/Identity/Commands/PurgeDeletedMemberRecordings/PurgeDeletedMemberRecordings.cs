using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Identity.Commands.ProcessIdentityEvent;
using VoiceTraining.Domain.Attempts;

namespace VoiceTraining.Application.Identity.Commands.PurgeDeletedMemberRecordings;

/// <summary>
/// Deletes the call recordings of members whose accounts were deleted longer ago than the retention
/// period (IdentitySync:DeletedMemberRecordingRetention). Scores, KPIs and the redacted transcript
/// stay. Returns how many recordings were deleted.
/// </summary>
public sealed record PurgeDeletedMemberRecordingsCommand(int BatchSize = 200) : ICommand<int>;

internal sealed class PurgeDeletedMemberRecordingsCommandHandler(IApplicationDbContext db, IRecordingStorage storage, IdentitySyncOptions options, TimeProvider clock)
    : IRequestHandler<PurgeDeletedMemberRecordingsCommand, int>
{
    public async Task<int> Handle(PurgeDeletedMemberRecordingsCommand request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var cutoff = now - options.DeletedMemberRecordingRetention;
        var attempts = await (
                from a in db.Attempts.IgnoreQueryFilters()
                join m in db.Members.IgnoreQueryFilters() on a.MemberId equals m.Id
                where m.AnonymizedAt != null && m.AnonymizedAt <= cutoff && a.RecordingStatus != RecordingStatus.None && a.RecordingStatus != RecordingStatus.Deleted
                orderby a.CreatedAt
                select a)
            .Take(request.BatchSize)
            .ToListAsync(cancellationToken);
        foreach (var attempt in attempts)
        {
            // Deleting before the commit is safe to repeat: a later run finds the file gone and carries on.
            if (attempt.DeleteRecording(now) is { } key) await storage.DeleteAsync(key, cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        return attempts.Count;
    }
}
