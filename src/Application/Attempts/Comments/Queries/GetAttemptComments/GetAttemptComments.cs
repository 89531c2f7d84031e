using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;

namespace VoiceTraining.Application.Attempts.Comments.Queries.GetAttemptComments;

/// <summary>An attempt's feedback thread, oldest first (whoever can see the attempt can read it).</summary>
public sealed record GetAttemptCommentsQuery(Guid AttemptId) : IQuery<IReadOnlyList<AttemptCommentDto>>;

internal sealed class GetAttemptCommentsQueryHandler(IApplicationDbContext db, ICurrentUser user)
    : IRequestHandler<GetAttemptCommentsQuery, IReadOnlyList<AttemptCommentDto>>
{
    public async Task<IReadOnlyList<AttemptCommentDto>> Handle(GetAttemptCommentsQuery request, CancellationToken cancellationToken)
    {
        if (!await db.Attempts.Where(a => a.Id == request.AttemptId).VisibleToCaller(db, user).AnyAsync(cancellationToken))
            throw new NotFoundException("Attempt", request.AttemptId);
        return await AttemptCommentReader.ListAsync(db, request.AttemptId, cancellationToken);
    }
}
