using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Domain.Attempts;

namespace VoiceTraining.Application.Attempts.Queries.GetAttemptRecording;

/// <summary>Where an attempt's stored recording is, for members allowed to see the attempt.</summary>
public sealed record GetAttemptRecordingQuery(Guid AttemptId) : IQuery<AttemptRecording>;

public sealed record AttemptRecording(string StorageKey, string ContentType);

internal sealed class GetAttemptRecordingQueryHandler(IApplicationDbContext db, ICurrentUser user)
    : IRequestHandler<GetAttemptRecordingQuery, AttemptRecording>
{
    public async Task<AttemptRecording> Handle(GetAttemptRecordingQuery request, CancellationToken cancellationToken)
    {
        var recording = await db.Attempts.Where(a => a.Id == request.AttemptId).VisibleToCaller(db, user)
            .Select(a => new { a.RecordingStatus, a.RecordingKey, a.RecordingContentType })
            .SingleOrDefaultAsync(cancellationToken) ?? throw new NotFoundException("Attempt", request.AttemptId);
        if (recording.RecordingStatus != RecordingStatus.Stored || recording.RecordingKey is null)
            throw new NotFoundException("Recording", request.AttemptId);
        return new AttemptRecording(recording.RecordingKey, recording.RecordingContentType ?? "audio/mpeg");
    }
}
