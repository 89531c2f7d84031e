using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Common.Models;
using VoiceTraining.Application.Members.Queries.GetMember;

namespace VoiceTraining.Application.Members.Commands.SetMemberManager;

/// <summary>Puts a member on a manager's team (or takes them off any team with null).</summary>
public sealed record SetMemberManagerCommand : ICommand<MemberDto>
{
    internal Guid Id { get; init; }
    public Guid? ManagerId { get; init; }

    public SetMemberManagerCommand WithId(Guid id) => this with { Id = id };
}

internal sealed class SetMemberManagerCommandHandler(IApplicationDbContext db, TimeProvider clock, IMediator mediator)
    : IRequestHandler<SetMemberManagerCommand, MemberDto>
{
    public async Task<MemberDto> Handle(SetMemberManagerCommand request, CancellationToken cancellationToken)
    {
        var member = await db.Members.GetAsync(request.Id, cancellationToken);
        var manager = request.ManagerId is { } managerId
            ? await db.Members.SingleOrDefaultAsync(m => m.Id == managerId, cancellationToken)
              ?? throw new ValidationException("managerId", "No member with this id in your organization.")
            : null;
        member.ReportTo(manager, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return await mediator.Send(new GetMemberQuery(member.Id), cancellationToken);
    }
}
