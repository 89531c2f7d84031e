using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Common.Models;

namespace VoiceTraining.Application.Tracks.Commands.DeleteTrack;

/// <summary>Deletes a track that is not assigned to anyone.</summary>
public sealed record DeleteTrackCommand(Guid Id) : ICommand<Unit>;

internal sealed class DeleteTrackCommandHandler(IApplicationDbContext db) : IRequestHandler<DeleteTrackCommand, Unit>
{
    public async Task<Unit> Handle(DeleteTrackCommand request, CancellationToken cancellationToken)
    {
        var track = await db.Tracks.Include(t => t.Scenarios).GetAsync(request.Id, cancellationToken);
        if (await db.Assignments.AnyAsync(a => a.TrackId == track.Id, cancellationToken))
            throw new ConflictException("This track has assignments; it cannot be deleted.");
        db.Tracks.Remove(track);
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
