using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;

namespace VoiceTraining.Application.Email.Mailbox.Queries.GetDevMailbox;

/// <summary>
/// The emails of every organization, newest first (local mode's mailbox: the API only serves this
/// in Development with no email provider configured).
/// </summary>
public sealed record GetDevMailboxQuery : IQuery<IReadOnlyList<DevMailboxMessageDto>>
{
    /// <summary>Only emails to this address.</summary>
    public string? To { get; init; }
    /// <summary>How many (1–200, default 50).</summary>
    public int Limit { get; init; } = 50;
}

public sealed class GetDevMailboxQueryValidator : AbstractValidator<GetDevMailboxQuery>
{
    public GetDevMailboxQueryValidator() => RuleFor(x => x.Limit).InclusiveBetween(1, 200);
}

internal sealed class GetDevMailboxQueryHandler(IApplicationDbContext db) : IRequestHandler<GetDevMailboxQuery, IReadOnlyList<DevMailboxMessageDto>>
{
    public async Task<IReadOnlyList<DevMailboxMessageDto>> Handle(GetDevMailboxQuery request, CancellationToken cancellationToken)
    {
        var query = db.EmailMessages.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(request.To))
        {
            var to = request.To.Trim().ToLowerInvariant();
            query = query.Where(e => e.ToAddress == to);
        }
        return await query.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id).Take(request.Limit)
            .Select(e => new DevMailboxMessageDto
            {
                Id = e.Id, To = e.ToAddress, ToName = e.ToName, Subject = e.Subject, Template = e.Template, Category = e.Category, Status = e.Status,
                Html = e.HtmlBody, Text = e.TextBody, ReplyTo = e.ReplyTo, UnsubscribeUrl = e.UnsubscribeUrl, OrgId = e.OrgId, Attempts = e.Attempts,
                CreatedAt = e.CreatedAt, SentAt = e.SentAt,
            })
            .ToListAsync(cancellationToken);
    }
}
