using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Flags.Commands.SetFlag;
using VoiceTraining.Domain.Flags;

namespace VoiceTraining.Application.Flags.Commands.SetGlobalFlag;

/// <summary>
/// Sets a flag for everyone on the platform, or clears the global setting (enabled null). Platform operators only (PLATFORM_OPERATOR_USER_IDS), never an organization's admin:
/// organization and user settings still win over it.
/// </summary>
public sealed record SetGlobalFlagCommand : ICommand<FlagChangeResultDto>
{
    internal string Key { get; init; } = "";
    /// <summary>On or off; null clears the global setting.</summary>
    public required bool? Enabled { get; init; }
    public string? Reason { get; init; }

    public SetGlobalFlagCommand WithKey(string key) => this with { Key = key };
}

public sealed class SetGlobalFlagCommandValidator : AbstractValidator<SetGlobalFlagCommand>
{
    public SetGlobalFlagCommandValidator() => RuleFor(c => c.Reason).MaximumLength(FlagChangeRules.MaxReasonLength);
}

internal sealed class SetGlobalFlagCommandHandler(IApplicationDbContext db, ICurrentUser user, IRowLocks locks, FeatureFlagWriter writer)
    : IRequestHandler<SetGlobalFlagCommand, FlagChangeResultDto>
{
    public async Task<FlagChangeResultDto> Handle(SetGlobalFlagCommand request, CancellationToken cancellationToken)
    {
        // The API's policy refuses others before this; checked here too, for any other way in.
        user.RequirePlatformOperator();
        if (FlagDefinitions.Find(request.Key) is null) throw new NotFoundException("Feature flag", request.Key);
        var actorId = user.RequireMemberId();
        var actorName = await db.Members.Where(m => m.Id == actorId).Select(m => m.Name).SingleAsync(cancellationToken);
        // One change of the key's global setting at a time: each audit row's "before" is what it really was,
        // and two first settings cannot both insert (the second would break the unique index).
        await locks.LockGlobalFlagAsync(request.Key, cancellationToken);
        var changed = await writer.SetAsync(new FlagChange(request.Key, FlagScope.Global, null, null, request.Enabled,
            actorId.ToString(), actorName, FlagChangeSources.Operator, request.Reason), cancellationToken);
        return new FlagChangeResultDto(request.Key, FlagScope.Global, null, request.Enabled, changed);
    }
}
