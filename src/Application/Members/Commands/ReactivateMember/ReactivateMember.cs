using MediatR;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Common.Models;
using VoiceTraining.Application.Members.Queries.GetMember;

namespace VoiceTraining.Application.Members.Commands.ReactivateMember;

public sealed record ReactivateMemberCommand(Guid Id) : ICommand<MemberDto>;

internal sealed class ReactivateMemberCommandHandler(IApplicationDbContext db, ITenantDirectory directory, Billing.Entitlements entitlements, TimeProvider clock, IMediator mediator)
    : IRequestHandler<ReactivateMemberCommand, MemberDto>
{
    public async Task<MemberDto> Handle(ReactivateMemberCommand request, CancellationToken cancellationToken)
    {
        var member = await db.Members.GetAsync(request.Id, cancellationToken);
        if (!member.IsActive) await entitlements.EnsureSeatAvailableAsync(member.OrgId, cancellationToken);
        member.Reactivate(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        directory.Invalidate(member.Id);
        return await mediator.Send(new GetMemberQuery(member.Id), cancellationToken);
    }
}
