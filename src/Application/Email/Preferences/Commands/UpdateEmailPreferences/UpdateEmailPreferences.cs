using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Behaviours;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Domain.Email;

namespace VoiceTraining.Application.Email.Preferences.Commands.UpdateEmailPreferences;

/// <summary>
/// Replaces the caller's email preferences (every field is required). Allowed while the
/// organization can only read: nobody should have to pay to receive fewer emails.
/// </summary>
public sealed record UpdateEmailPreferencesCommand : ICommand<EmailPreferencesDto>, IAllowedWhenReadOnly
{
    public bool? AssignmentEmails { get; init; }
    public bool? FeedbackEmails { get; init; }
    public DigestFrequency? Digest { get; init; }
}

public sealed class UpdateEmailPreferencesCommandValidator : AbstractValidator<UpdateEmailPreferencesCommand>
{
    public UpdateEmailPreferencesCommandValidator()
    {
        RuleFor(x => x.AssignmentEmails).NotNull();
        RuleFor(x => x.FeedbackEmails).NotNull();
        RuleFor(x => x.Digest).NotNull().IsInEnum();
    }
}

internal sealed class UpdateEmailPreferencesCommandHandler(IApplicationDbContext db, ICurrentUser user, TimeProvider clock)
    : IRequestHandler<UpdateEmailPreferencesCommand, EmailPreferencesDto>
{
    public async Task<EmailPreferencesDto> Handle(UpdateEmailPreferencesCommand request, CancellationToken cancellationToken)
    {
        var memberId = user.RequireMemberId();
        if (!await db.Members.AnyAsync(m => m.Id == memberId, cancellationToken)) throw new NotFoundException("Member", memberId);
        var values = new EmailPreferenceValues(request.AssignmentEmails!.Value, request.FeedbackEmails!.Value, request.Digest!.Value);
        var now = clock.GetUtcNow();
        var row = await db.EmailPreferences.SingleOrDefaultAsync(p => p.MemberId == memberId, cancellationToken);
        if (row is null)
            db.EmailPreferences.Add(new EmailPreferences(user.RequireOrgId(), memberId, values.AssignmentEmails, values.FeedbackEmails, values.Digest, now));
        else
            row.Set(values, now);
        await db.SaveChangesAsync(cancellationToken);
        return EmailPreferencesDto.From(values, isDefault: false);
    }
}
