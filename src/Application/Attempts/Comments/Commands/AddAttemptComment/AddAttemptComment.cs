using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Domain.Attempts;

namespace VoiceTraining.Application.Attempts.Comments.Commands.AddAttemptComment;

/// <summary>Adds a message to an attempt's feedback thread (the trainee, or a manager or admin who can see the attempt).</summary>
public sealed record AddAttemptCommentCommand : ICommand<AttemptCommentDto>
{
    internal Guid AttemptId { get; init; }
    public string Body { get; init; } = "";

    public AddAttemptCommentCommand ForAttempt(Guid attemptId) => this with { AttemptId = attemptId };
}

internal sealed class AddAttemptCommentCommandHandler(IApplicationDbContext db, ICurrentUser user, TimeProvider clock)
    : IRequestHandler<AddAttemptCommentCommand, AttemptCommentDto>
{
    public async Task<AttemptCommentDto> Handle(AddAttemptCommentCommand request, CancellationToken cancellationToken)
    {
        var attempt = await db.Attempts.Where(a => a.Id == request.AttemptId).VisibleToCaller(db, user).Select(a => new { a.Id, a.OrgId })
                          .SingleOrDefaultAsync(cancellationToken)
                      ?? throw new NotFoundException("Attempt", request.AttemptId);
        var comment = new AttemptComment(attempt.OrgId, attempt.Id, user.RequireMemberId(), request.Body, CommentSource.App, null, clock.GetUtcNow());
        db.AttemptComments.Add(comment);
        await db.SaveChangesAsync(cancellationToken);
        return await AttemptCommentReader.GetAsync(db, comment.Id, cancellationToken);
    }
}
