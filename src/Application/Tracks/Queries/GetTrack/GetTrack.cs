using AutoMapper;
using AutoMapper.QueryableExtensions;
using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;

namespace VoiceTraining.Application.Tracks.Queries.GetTrack;

public sealed record GetTrackQuery(Guid Id) : IQuery<TrackDto>;

internal sealed class GetTrackQueryHandler(IApplicationDbContext db, IMapper mapper) : IRequestHandler<GetTrackQuery, TrackDto>
{
    public async Task<TrackDto> Handle(GetTrackQuery request, CancellationToken cancellationToken) =>
        await db.Tracks.Where(t => t.Id == request.Id).ProjectTo<TrackDto>(mapper.ConfigurationProvider)
            .SingleOrDefaultAsync(cancellationToken)
        ?? throw new NotFoundException("Track", request.Id);
}
