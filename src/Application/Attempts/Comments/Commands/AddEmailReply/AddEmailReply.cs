using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Domain.Attempts;
using VoiceTraining.Domain.Members;

namespace VoiceTraining.Application.Attempts.Comments.Commands.AddEmailReply;

public enum EmailReplyOutcome
{
    Added,
    /// <summary>This delivery's token was used before: a replay, refused.</summary>
    ReplayedToken,
    /// <summary>The same email (Message-Id) was turned into a comment before.</summary>
    Duplicate,
    /// <summary>The address names no attempt of the platform.</summary>
    UnknownThread,
    /// <summary>The sender is not an active member who can see the attempt.</summary>
    SenderNotAllowed,
    /// <summary>Nothing but quoted text or a signature.</summary>
    EmptyBody,
}

/// <summary>
/// A reply to an attempt's feedback email becomes a comment in its thread, written by the member
/// whose address sent it, provided they may see the attempt. The delivery's token is recorded in
/// the same transaction, so a replayed delivery is refused while a retried failed one is not.
/// </summary>
/// <param name="DeliveryToken">The provider's one-time token of this delivery.</param>
/// <param name="AttemptId">The attempt the reply address names; null when it names none.</param>
/// <param name="SenderEmail">The address the reply came from.</param>
/// <param name="Body">The reply's text without quoted parts and signature.</param>
/// <param name="MessageId">The email's Message-Id, so one email makes one comment.</param>
public sealed record AddEmailReplyCommand(string DeliveryToken, Guid? AttemptId, string SenderEmail, string Body, string? MessageId) : ICommand<EmailReplyOutcome>
{
    public const string Provider = "mailgun";
}

internal sealed class AddEmailReplyCommandHandler(IApplicationDbContext db, IInboundEventLedger ledger, TimeProvider clock) : IRequestHandler<AddEmailReplyCommand, EmailReplyOutcome>
{
    public async Task<EmailReplyOutcome> Handle(AddEmailReplyCommand request, CancellationToken cancellationToken)
    {
        if (!await ledger.TryRecordAsync(AddEmailReplyCommand.Provider, request.DeliveryToken, "inbound.reply", cancellationToken)) return EmailReplyOutcome.ReplayedToken;
        if (request.AttemptId is not { } attemptId) return EmailReplyOutcome.UnknownThread;
        var orgId = await db.Attempts.IgnoreQueryFilters().Where(a => a.Id == attemptId).Select(a => (Guid?)a.OrgId).SingleOrDefaultAsync(cancellationToken);
        if (orgId is null) return EmailReplyOutcome.UnknownThread;
        if (string.IsNullOrWhiteSpace(request.Body)) return EmailReplyOutcome.EmptyBody;
        db.ScopeToOrganization(orgId.Value);

        var email = Member.NormalizeEmail(request.SenderEmail);
        var sender = await db.Members.Where(m => m.Email == email && m.Status == MemberStatus.Active).Select(m => new { m.Id, m.Role }).FirstOrDefaultAsync(cancellationToken);
        if (sender is null || !await db.Attempts.Where(a => a.Id == attemptId).VisibleTo(db, sender.Id, sender.Role).AnyAsync(cancellationToken))
            return EmailReplyOutcome.SenderNotAllowed;
        if (request.MessageId is { } messageId && await db.AttemptComments.AnyAsync(c => c.EmailMessageId == messageId, cancellationToken))
            return EmailReplyOutcome.Duplicate;

        db.AttemptComments.Add(new AttemptComment(orgId.Value, attemptId, sender.Id, request.Body, CommentSource.Email, request.MessageId, clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        return EmailReplyOutcome.Added;
    }
}
