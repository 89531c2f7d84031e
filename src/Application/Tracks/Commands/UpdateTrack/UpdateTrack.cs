using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Common.Models;
using VoiceTraining.Application.Tracks.Queries.GetTrack;

namespace VoiceTraining.Application.Tracks.Commands.UpdateTrack;

/// <summary>Replaces a track's title, description and ordered scenarios (reordering is a replace).</summary>
public sealed record UpdateTrackCommand : ICommand<TrackDto>, ITrackFields
{
    internal Guid Id { get; init; }
    public string Title { get; init; } = "";
    public string? Description { get; init; }
    public IReadOnlyList<Guid> ScenarioIds { get; init; } = [];

    public UpdateTrackCommand WithId(Guid id) => this with { Id = id };
}

public sealed class UpdateTrackCommandValidator : AbstractValidator<UpdateTrackCommand>
{
    public UpdateTrackCommandValidator(IApplicationDbContext db) => this.AddTrackFieldRules(db);
}

internal sealed class UpdateTrackCommandHandler(IApplicationDbContext db, TimeProvider clock, IMediator mediator)
    : IRequestHandler<UpdateTrackCommand, TrackDto>
{
    public async Task<TrackDto> Handle(UpdateTrackCommand request, CancellationToken cancellationToken)
    {
        var track = await db.Tracks.Include(t => t.Scenarios).GetAsync(request.Id, cancellationToken);
        track.Update(request.Title, request.Description ?? "", request.ScenarioIds, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return await mediator.Send(new GetTrackQuery(track.Id), cancellationToken);
    }
}
