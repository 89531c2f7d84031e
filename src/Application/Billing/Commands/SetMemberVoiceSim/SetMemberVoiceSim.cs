using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Billing.VoiceSims;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Common.Models;

namespace VoiceTraining.Application.Billing.Commands.SetMemberVoiceSim;

/// <summary>
/// PUT /api/members/{memberId}/voice-sim: an admin gives a member one of the organization's
/// voice AI SIMs (<c>active: true</c>) or takes it back (<c>false</c>). Setting what is already so
/// changes nothing and answers the same.
/// </summary>
public sealed record SetMemberVoiceSimCommand : ICommand<VoiceSimMemberDto>
{
    internal Guid MemberId { get; init; }
    /// <summary>Whether the member holds a SIM.</summary>
    public bool? Active { get; init; }

    public SetMemberVoiceSimCommand WithMemberId(Guid memberId) => this with { MemberId = memberId };
}

public sealed class SetMemberVoiceSimCommandValidator : AbstractValidator<SetMemberVoiceSimCommand>
{
    public SetMemberVoiceSimCommandValidator() => RuleFor(x => x.Active).NotNull().WithMessage("Say whether the member holds a SIM: true or false.");
}

internal sealed class SetMemberVoiceSimCommandHandler(IApplicationDbContext db, ICurrentUser user, IRowLocks locks, VoiceAiBillingPause pause,
    TimeProvider clock, VoiceSimReader reader)
    : IRequestHandler<SetMemberVoiceSimCommand, VoiceSimMemberDto>
{
    public async Task<VoiceSimMemberDto> Handle(SetMemberVoiceSimCommand request, CancellationToken cancellationToken)
    {
        var orgId = user.RequireOrgId();
        // Another organization's member is not found: the tenant filter hides them.
        var member = await db.Members.GetAsync(request.MemberId, cancellationToken);
        await locks.LockOrganizationAsync(orgId, cancellationToken);
        var now = clock.GetUtcNow();
        var paused = false;
        if (request.Active == true)
        {
            var org = await db.Organizations.SingleAsync(o => o.Id == orgId, cancellationToken);
            await VoiceSimAssignments.AssignAsync(db, org, member, user.MemberId, now, cancellationToken);
            paused = await pause.PauseNewHolderAsync(org, member.Id, cancellationToken);
        }
        else
        {
            (await VoiceSimAssignments.FindAsync(db, orgId, member.Id, cancellationToken))?.Unassign(now);
        }
        await db.SaveChangesAsync(cancellationToken);
        var row = await reader.MemberAsync(member, cancellationToken);
        // The evaluator's cached settings take billing's new one once it commits; a user setting that
        // says off is the member's answer whatever the other scopes say.
        return paused ? row with { VoiceAiEnabled = false } : row;
    }
}
