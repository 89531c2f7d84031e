using FluentValidation;
using MediatR;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Tracks.Queries.GetTrack;
using VoiceTraining.Domain.Tracks;

namespace VoiceTraining.Application.Tracks.Commands.CreateTrack;

public sealed record CreateTrackCommand : ICommand<TrackDto>, ITrackFields
{
    public string Title { get; init; } = "";
    public string? Description { get; init; }
    public IReadOnlyList<Guid> ScenarioIds { get; init; } = [];
}

public sealed class CreateTrackCommandValidator : AbstractValidator<CreateTrackCommand>
{
    public CreateTrackCommandValidator(IApplicationDbContext db) => this.AddTrackFieldRules(db);
}

internal sealed class CreateTrackCommandHandler(IApplicationDbContext db, ICurrentUser user, TimeProvider clock, IMediator mediator)
    : IRequestHandler<CreateTrackCommand, TrackDto>
{
    public async Task<TrackDto> Handle(CreateTrackCommand request, CancellationToken cancellationToken)
    {
        var track = new Track(user.RequireOrgId(), request.Title, request.Description ?? "", request.ScenarioIds, clock.GetUtcNow());
        db.Tracks.Add(track);
        await db.SaveChangesAsync(cancellationToken);
        return await mediator.Send(new GetTrackQuery(track.Id), cancellationToken);
    }
}
