using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Assignments.Queries.GetAssignment;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Domain.Assignments;

namespace VoiceTraining.Application.Assignments.Commands.CreateAssignment;

/// <summary>Assigns one published scenario, or one track, to a member.</summary>
public sealed record CreateAssignmentCommand : ICommand<AssignmentDto>
{
    public Guid MemberId { get; init; }
    /// <summary>Give either a scenario or a track.</summary>
    public Guid? ScenarioId { get; init; }
    public Guid? TrackId { get; init; }
    /// <summary>Optional; must be in the future.</summary>
    public DateTimeOffset? DueAt { get; init; }
}

internal sealed class CreateAssignmentCommandHandler(IApplicationDbContext db, ICurrentUser user, TimeProvider clock, IMediator mediator)
    : IRequestHandler<CreateAssignmentCommand, AssignmentDto>
{
    public async Task<AssignmentDto> Handle(CreateAssignmentCommand request, CancellationToken cancellationToken)
    {
        var open = await db.Assignments.AnyAsync(a => a.MemberId == request.MemberId
            && a.Status != AssignmentStatus.Completed
            && a.ScenarioId == request.ScenarioId && a.TrackId == request.TrackId, cancellationToken);
        if (open) throw new ConflictException("This member already has an open assignment for it.");

        var assignment = new Assignment(user.RequireOrgId(), request.MemberId, request.ScenarioId, request.TrackId,
            user.MemberId, request.DueAt, clock.GetUtcNow());
        db.Assignments.Add(assignment);
        await db.SaveChangesAsync(cancellationToken);
        return await mediator.Send(new GetAssignmentQuery(assignment.Id), cancellationToken);
    }
}
