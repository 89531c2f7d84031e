using FluentValidation;
using MediatR;
using VoiceTraining.Application.Assignments.Queries.GetAssignment;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Common.Models;

namespace VoiceTraining.Application.Assignments.Commands.RescheduleAssignment;

/// <summary>Moves (or clears) an open assignment's due date.</summary>
public sealed record RescheduleAssignmentCommand : ICommand<AssignmentDto>
{
    internal Guid Id { get; init; }
    /// <summary>The new due date (in the future), or null for none.</summary>
    public DateTimeOffset? DueAt { get; init; }

    public RescheduleAssignmentCommand WithId(Guid id) => this with { Id = id };
}

public sealed class RescheduleAssignmentCommandValidator : AbstractValidator<RescheduleAssignmentCommand>
{
    public RescheduleAssignmentCommandValidator(TimeProvider clock) =>
        RuleFor(x => x.DueAt).Must(d => d > clock.GetUtcNow()).When(x => x.DueAt is not null)
            .WithMessage("The due date must be in the future.");
}

internal sealed class RescheduleAssignmentCommandHandler(IApplicationDbContext db, ICurrentUser user, TimeProvider clock, IMediator mediator)
    : IRequestHandler<RescheduleAssignmentCommand, AssignmentDto>
{
    public async Task<AssignmentDto> Handle(RescheduleAssignmentCommand request, CancellationToken cancellationToken)
    {
        var assignment = await db.Assignments.VisibleToCaller(db, user).GetAsync(request.Id, cancellationToken);
        assignment.Reschedule(request.DueAt, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return await mediator.Send(new GetAssignmentQuery(assignment.Id), cancellationToken);
    }
}
