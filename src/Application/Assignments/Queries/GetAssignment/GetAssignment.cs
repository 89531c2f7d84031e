using AutoMapper;
using AutoMapper.QueryableExtensions;
using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;

namespace VoiceTraining.Application.Assignments.Queries.GetAssignment;

public sealed record GetAssignmentQuery(Guid Id) : IQuery<AssignmentDto>;

internal sealed class GetAssignmentQueryHandler(IApplicationDbContext db, ICurrentUser user, IMapper mapper, TimeProvider clock)
    : IRequestHandler<GetAssignmentQuery, AssignmentDto>
{
    public async Task<AssignmentDto> Handle(GetAssignmentQuery request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return await db.Assignments.Where(a => a.Id == request.Id).VisibleToCaller(db, user)
                   .ProjectTo<AssignmentDto>(mapper.ConfigurationProvider, new { now })
                   .SingleOrDefaultAsync(cancellationToken)
               ?? throw new NotFoundException("Assignment", request.Id);
    }
}
