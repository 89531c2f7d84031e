using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Members.Queries.GetMember;
using VoiceTraining.Domain.Common;
using VoiceTraining.Domain.Members;

namespace VoiceTraining.Application.Members.Commands.AddMember;

/// <summary>
/// Adds a person to the organization (admins). With the identity provider's user id they can sign
/// in at once; without it they are invited and linked when their account is synced by email.
/// </summary>
public sealed record AddMemberCommand : ICommand<MemberDto>
{
    public string Email { get; init; } = "";
    public string? Name { get; init; }
    public MemberRole Role { get; init; } = MemberRole.Trainee;
    /// <summary>The identity provider's user id ("user_…"), when known.</summary>
    public string? ExternalUserId { get; init; }
}

public sealed class AddMemberCommandValidator : AbstractValidator<AddMemberCommand>
{
    public AddMemberCommandValidator()
    {
        RuleFor(x => x.Email).NotEmpty().EmailAddress().MaximumLength(Limits.Email);
        RuleFor(x => x.Name).MaximumLength(Limits.Name);
        RuleFor(x => x.Role).IsInEnum();
        RuleFor(x => x.ExternalUserId).MaximumLength(Limits.ExternalId);
    }
}

internal sealed class AddMemberCommandHandler(IApplicationDbContext db, ICurrentUser user, Billing.Entitlements entitlements, TimeProvider clock, IMediator mediator)
    : IRequestHandler<AddMemberCommand, MemberDto>
{
    /// <summary>Members added before their identity-provider account exists carry a placeholder id with this prefix.</summary>
    public const string InvitePrefix = "invite_";

    public async Task<MemberDto> Handle(AddMemberCommand request, CancellationToken cancellationToken)
    {
        var email = Member.NormalizeEmail(request.Email);
        if (await db.Members.AnyAsync(m => m.Email == email, cancellationToken))
            throw new ConflictException($"{email} is already a member of this organization.");
        await entitlements.EnsureSeatAvailableAsync(user.RequireOrgId(), cancellationToken);
        var externalId = string.IsNullOrWhiteSpace(request.ExternalUserId) ? InvitePrefix + Guid.NewGuid().ToString("N") : request.ExternalUserId.Trim();
        var member = new Member(user.RequireOrgId(), externalId, email, request.Name ?? "", request.Role, clock.GetUtcNow(), addedById: user.MemberId);
        db.Members.Add(member);
        await db.SaveChangesAsync(cancellationToken);
        return await mediator.Send(new GetMemberQuery(member.Id), cancellationToken);
    }
}
