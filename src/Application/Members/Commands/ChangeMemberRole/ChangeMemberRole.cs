using FluentValidation;
using MediatR;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Common.Models;
using VoiceTraining.Application.Members.Queries.GetMember;
using VoiceTraining.Domain.Members;

namespace VoiceTraining.Application.Members.Commands.ChangeMemberRole;

/// <summary>Changes a member's role (admins only). The last active admin cannot be demoted.</summary>
public sealed record ChangeMemberRoleCommand : ICommand<MemberDto>
{
    internal Guid Id { get; init; }
    public MemberRole Role { get; init; }

    public ChangeMemberRoleCommand WithId(Guid id) => this with { Id = id };
}

public sealed class ChangeMemberRoleCommandValidator : AbstractValidator<ChangeMemberRoleCommand>
{
    public ChangeMemberRoleCommandValidator() => RuleFor(x => x.Role).IsInEnum();
}

internal sealed class ChangeMemberRoleCommandHandler(IApplicationDbContext db, IRowLocks locks, ITenantDirectory directory, TimeProvider clock, IMediator mediator)
    : IRequestHandler<ChangeMemberRoleCommand, MemberDto>
{
    public async Task<MemberDto> Handle(ChangeMemberRoleCommand request, CancellationToken cancellationToken)
    {
        var member = await db.Members.GetAsync(request.Id, cancellationToken);
        if (member.Role == request.Role) return await mediator.Send(new GetMemberQuery(member.Id), cancellationToken);
        if (request.Role != MemberRole.Admin) await db.EnsureAnotherActiveAdminAsync(locks, member, cancellationToken);
        member.ChangeRole(request.Role, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        directory.Invalidate(member.Id);
        return await mediator.Send(new GetMemberQuery(member.Id), cancellationToken);
    }
}
