using FluentValidation;
using MediatR;
using VoiceTraining.Application.Common.Behaviours;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Email.Templates;
using VoiceTraining.Domain.Common;
using VoiceTraining.Domain.Email;

namespace VoiceTraining.Application.Email.Commands.QueueAccountEmail;

public enum AccountEmailKind
{
    EmailVerification,
    PasswordReset,
}

/// <summary>
/// Queues an essential account email with its link: email verification (after a sign-up) or a
/// password reset (after a reset request). Sent whatever the preferences, ahead of other email.
/// A sign-up or password-reset flow makes the token and the link and sends this command (Clerk and
/// Supabase Auth send their own today); it returns the outbox id.
/// </summary>
public sealed record QueueAccountEmailCommand : ICommand<Guid>, IAllowedWhenReadOnly
{
    public AccountEmailKind Kind { get; init; }
    public string Email { get; init; } = "";
    public string? Name { get; init; }
    /// <summary>The absolute link that verifies or resets (it carries the flow's own token).</summary>
    public string Link { get; init; } = "";
    public DateTimeOffset? ExpiresAt { get; init; }
    /// <summary>The organization and member, when the address belongs to one.</summary>
    public Guid? OrgId { get; init; }
    public Guid? MemberId { get; init; }
}

public sealed class QueueAccountEmailCommandValidator : AbstractValidator<QueueAccountEmailCommand>
{
    public QueueAccountEmailCommandValidator()
    {
        RuleFor(x => x.Kind).IsInEnum();
        RuleFor(x => x.Email).NotEmpty().EmailAddress().MaximumLength(Limits.Email);
        RuleFor(x => x.Name).MaximumLength(Limits.Name);
        RuleFor(x => x.Link).NotEmpty().MaximumLength(Limits.Url)
            .Must(l => Uri.TryCreate(l, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http")
            .WithMessage("The link must be an absolute http(s) URL.");
    }
}

internal sealed class QueueAccountEmailCommandHandler(IApplicationDbContext db, IAfterCommit afterCommit, IEmailOutboxSignal signal, TimeProvider clock)
    : IRequestHandler<QueueAccountEmailCommand, Guid>
{
    public async Task<Guid> Handle(QueueAccountEmailCommand request, CancellationToken cancellationToken)
    {
        var email = Domain.Members.Member.NormalizeEmail(request.Email);
        var model = new AccountLinkModel(email, request.Name, request.Link, request.ExpiresAt);
        var (template, rendered) = request.Kind == AccountEmailKind.PasswordReset
            ? (EmailTemplateNames.PasswordReset, EmailTemplates.PasswordReset(model))
            : (EmailTemplateNames.EmailVerification, EmailTemplates.EmailVerification(model));
        var message = new EmailMessage(request.OrgId, request.MemberId, email, request.Name, template, EmailCategory.Essential,
            rendered.Subject, rendered.Html, rendered.Text, replyTo: null, unsubscribeUrl: null, dedupeKey: null, clock.GetUtcNow());
        db.EmailMessages.Add(message);
        await db.SaveChangesAsync(cancellationToken);
        afterCommit.Enqueue(signal.Notify);
        return message.Id;
    }
}
