using AutoMapper;
using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;

namespace VoiceTraining.Application.Attempts.Queries.GetAttempt;

public sealed record GetAttemptQuery(Guid Id) : IQuery<AttemptDto>;

internal sealed class GetAttemptQueryHandler(IApplicationDbContext db, ICurrentUser user, IMapper mapper)
    : IRequestHandler<GetAttemptQuery, AttemptDto>
{
    public async Task<AttemptDto> Handle(GetAttemptQuery request, CancellationToken cancellationToken)
    {
        // Transcript, KPIs and scores are jsonb documents: load the row and map in memory.
        var attempt = await db.Attempts.AsNoTracking().Include(a => a.Member).Include(a => a.Scenario)
                          .Where(a => a.Id == request.Id).VisibleToCaller(db, user)
                          .SingleOrDefaultAsync(cancellationToken)
                      ?? throw new NotFoundException("Attempt", request.Id);
        return mapper.Map<AttemptDto>(attempt);
    }
}
