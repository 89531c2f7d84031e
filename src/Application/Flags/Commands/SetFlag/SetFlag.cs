using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Domain.Flags;

namespace VoiceTraining.Application.Flags.Commands.SetFlag;

/// <summary>The scopes an organization's admin sets; the global one is the platform operators'.</summary>
public enum OrganizationFlagScope
{
    Organization,
    User,
}

/// <summary>
/// Sets a flag for the admin's organization or for one of its members, or clears that setting
/// (enabled null) so the next scope up decides. A setting can switch a feature off or
/// back on; it never grants what the plan or a SIM does not.
/// </summary>
public sealed record SetFlagCommand : ICommand<FlagChangeResultDto>
{
    internal string Key { get; init; } = "";
    public required OrganizationFlagScope Scope { get; init; }
    /// <summary>The member, for the user scope (and only then).</summary>
    public Guid? MemberId { get; init; }
    /// <summary>On or off; null clears the setting at this scope.</summary>
    public required bool? Enabled { get; init; }
    /// <summary>Why, for the audit trail and the admins' alert.</summary>
    public string? Reason { get; init; }

    public SetFlagCommand WithKey(string key) => this with { Key = key };
}

/// <summary>What a change did: changed is false when the setting already was that (nothing was written or sent).</summary>
public sealed record FlagChangeResultDto(string Key, FlagScope Scope, Guid? MemberId, bool? Value, bool Changed);

public sealed class SetFlagCommandValidator : AbstractValidator<SetFlagCommand>
{
    public SetFlagCommandValidator()
    {
        RuleFor(c => c.Scope).IsInEnum();
        RuleFor(c => c.MemberId).NotNull().When(c => c.Scope == OrganizationFlagScope.User)
            .WithMessage("A user setting names its member (memberId).");
        RuleFor(c => c.MemberId).Null().When(c => c.Scope == OrganizationFlagScope.Organization)
            .WithMessage("An organization setting names no member; use the user scope for one member.");
        RuleFor(c => c.Reason).MaximumLength(FlagChangeRules.MaxReasonLength);
    }
}

public static class FlagChangeRules
{
    public const int MaxReasonLength = 500;
}

internal sealed class SetFlagCommandHandler(IApplicationDbContext db, ICurrentUser user, IRowLocks locks, FeatureFlagWriter writer)
    : IRequestHandler<SetFlagCommand, FlagChangeResultDto>
{
    public async Task<FlagChangeResultDto> Handle(SetFlagCommand request, CancellationToken cancellationToken)
    {
        if (FlagDefinitions.Find(request.Key) is null) throw new NotFoundException("Feature flag", request.Key);
        var orgId = user.RequireOrgId();
        var actorId = user.RequireMemberId();
        // Tenant-filtered: a member of another organization is not found.
        if (request.MemberId is { } memberId && !await db.Members.AnyAsync(m => m.Id == memberId, cancellationToken))
            throw new NotFoundException("Member", memberId);
        var actorName = await db.Members.Where(m => m.Id == actorId).Select(m => m.Name).SingleAsync(cancellationToken);
        // One change at a time per organization: each audit row's "before" is what the setting really was.
        await locks.LockOrganizationAsync(orgId, cancellationToken);

        var scope = request.Scope == OrganizationFlagScope.User ? FlagScope.User : FlagScope.Organization;
        var changed = await writer.SetAsync(new FlagChange(request.Key, scope, orgId, request.MemberId, request.Enabled,
            actorId.ToString(), actorName, FlagChangeSources.Admin, request.Reason), cancellationToken);
        return new FlagChangeResultDto(request.Key, scope, request.MemberId, request.Enabled, changed);
    }
}
