using MediatR;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Common.Models;
using VoiceTraining.Application.Members.Queries.GetMember;

namespace VoiceTraining.Application.Members.Commands.DeactivateMember;

/// <summary>Blocks a member from signing in; their history and scores stay.</summary>
public sealed record DeactivateMemberCommand(Guid Id) : ICommand<MemberDto>;

internal sealed class DeactivateMemberCommandHandler(IApplicationDbContext db, IRowLocks locks, ICurrentUser user, ITenantDirectory directory, TimeProvider clock, IMediator mediator)
    : IRequestHandler<DeactivateMemberCommand, MemberDto>
{
    public async Task<MemberDto> Handle(DeactivateMemberCommand request, CancellationToken cancellationToken)
    {
        var member = await db.Members.GetAsync(request.Id, cancellationToken);
        if (member.Id == user.MemberId) throw new ConflictException("You cannot deactivate yourself.");
        await db.EnsureAnotherActiveAdminAsync(locks, member, cancellationToken);
        member.Deactivate(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        directory.Invalidate(member.Id);
        return await mediator.Send(new GetMemberQuery(member.Id), cancellationToken);
    }
}
