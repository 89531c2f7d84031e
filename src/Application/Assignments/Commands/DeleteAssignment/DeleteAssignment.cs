using MediatR;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Common.Models;

namespace VoiceTraining.Application.Assignments.Commands.DeleteAssignment;

/// <summary>Withdraws an assignment. Attempts already made stay, unlinked.</summary>
public sealed record DeleteAssignmentCommand(Guid Id) : ICommand<Unit>;

internal sealed class DeleteAssignmentCommandHandler(IApplicationDbContext db, ICurrentUser user) : IRequestHandler<DeleteAssignmentCommand, Unit>
{
    public async Task<Unit> Handle(DeleteAssignmentCommand request, CancellationToken cancellationToken)
    {
        var assignment = await db.Assignments.VisibleToCaller(db, user).GetAsync(request.Id, cancellationToken);
        db.Assignments.Remove(assignment);
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
