using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Billing;
using VoiceTraining.Application.Billing.Plans;
using VoiceTraining.Application.Common.Data;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Email.Templates;
using VoiceTraining.Domain.Assignments;
using VoiceTraining.Domain.Attempts;
using VoiceTraining.Domain.Billing;
using VoiceTraining.Domain.Common;
using VoiceTraining.Domain.Email;
using VoiceTraining.Domain.Members;
using VoiceTraining.Domain.Organizations;
using VoiceTraining.Domain.Webhooks;

namespace VoiceTraining.Application.Email;

/// <summary>
/// Turns the domain events of one SaveChanges into the emails they cause, rendered now (a snapshot
/// of that moment) and returned for the same save: welcome (user.added), assignment
/// (scenario.assigned), feedback ready (scenario.completed / attempt.scored.low, one per attempt),
/// receipt and payment failed (invoices, to admins), plan changed (to admins) and webhook endpoint
/// disabled (an admin alert). Optional categories follow the recipient's preferences; deactivated
/// members get nothing. Rows created in the same transaction are found in the change tracker.
/// </summary>
public sealed class EmailComposer(
    IApplicationDbContext db, IPublicUrls urls, IAttemptReplyAddresses replies, IUnsubscribeTokens unsubscribe, PlanCatalogue plans, BillingOptions billing)
{
    private readonly EmailLinks _links = new(urls, unsubscribe);

    public async Task<IReadOnlyList<EmailMessage>> ComposeAsync(IReadOnlyList<DomainEvent> events, CancellationToken cancellationToken)
    {
        var emails = new List<EmailMessage>();
        // One feedback email per attempt: scenario.completed carries everything; attempt.scored.low alone is a fallback.
        var completed = events.OfType<ScenarioCompleted>().Select(e => e.AttemptId).ToHashSet();
        foreach (var domainEvent in events)
        {
            switch (domainEvent)
            {
                case UserAdded e:
                    Add(emails, await WelcomeAsync(e, cancellationToken));
                    break;
                case ScenarioAssigned e:
                    Add(emails, await AssignmentAsync(e, cancellationToken));
                    break;
                case ScenarioCompleted e:
                    Add(emails, await FeedbackAsync(e.OrgId, e.AttemptId, e.MemberId, e.ScenarioId, e.Score, e.PassingThreshold, e.OccurredAt, cancellationToken));
                    break;
                case AttemptScoredLow e when !completed.Contains(e.AttemptId):
                    Add(emails, await FeedbackAsync(e.OrgId, e.AttemptId, e.MemberId, e.ScenarioId, e.Score, e.Threshold, e.OccurredAt, cancellationToken));
                    break;
                case InvoicePaid e:
                    emails.AddRange(await InvoicePaidAsync(e, cancellationToken));
                    break;
                case InvoicePaymentFailed e:
                    emails.AddRange(await PaymentFailedAsync(e, cancellationToken));
                    break;
                case PlanChanged e:
                    emails.AddRange(await PlanChangedAsync(e, cancellationToken));
                    break;
                case WebhookEndpointDisabled e:
                    emails.AddRange(await WebhookDisabledAsync(e, cancellationToken));
                    break;
            }
        }
        return emails;
    }

    private static void Add(List<EmailMessage> emails, EmailMessage? email)
    {
        if (email is not null) emails.Add(email);
    }

    private async Task<EmailMessage?> WelcomeAsync(UserAdded e, CancellationToken cancellationToken)
    {
        var member = await FindAsync(db.Members, e.MemberId, cancellationToken);
        if (member is not { IsActive: true }) return null;
        var org = await FindAsync(db.Organizations, e.OrgId, cancellationToken);
        var inviter = e.InviterId is { } inviterId && inviterId != member.Id ? await FindAsync(db.Members, inviterId, cancellationToken) : null;
        var rendered = EmailTemplates.Welcome(new WelcomeModel(member.Email, member.Name, org?.Name ?? "your organization",
            EmailRecipients.RoleWithArticle(member.Role), inviter?.Name, _links.App()));
        return Message(member, EmailTemplateNames.Welcome, EmailCategory.Account, rendered, e.OccurredAt);
    }

    private async Task<EmailMessage?> AssignmentAsync(ScenarioAssigned e, CancellationToken cancellationToken)
    {
        var member = await FindAsync(db.Members, e.MemberId, cancellationToken);
        if (member is not { IsActive: true } || !(await EmailRecipients.PreferencesAsync(db, member, cancellationToken)).Allows(EmailCategory.Assignment)) return null;
        var assignment = await FindAsync(db.Assignments, e.AssignmentId, cancellationToken);
        string title;
        var scenarioCount = 1;
        if (e.TrackId is { } trackId)
        {
            var track = await FindAsync(db.Tracks, trackId, cancellationToken);
            title = track?.Title ?? "A training track";
            scenarioCount = track is { Scenarios.Count: > 0 }
                ? track.Scenarios.Count
                : await db.Tracks.IgnoreQueryFilters().Where(t => t.Id == trackId).Select(t => t.Scenarios.Count).FirstOrDefaultAsync(cancellationToken);
        }
        else
        {
            title = (await FindAsync(db.Scenarios, e.ScenarioId!.Value, cancellationToken))?.Title ?? "A practice scenario";
        }
        var assignedBy = e.AssignedById is { } byId && byId != member.Id ? await FindAsync(db.Members, byId, cancellationToken) : null;
        var org = await FindAsync(db.Organizations, e.OrgId, cancellationToken);
        var unsubscribeUrl = _links.Unsubscribe(member.OrgId, member.Id, EmailCategory.Assignment);
        var rendered = EmailTemplates.Assignment(new AssignmentModel(member.Email, member.Name, org?.Name ?? "", title, e.TrackId is not null,
            scenarioCount, assignment?.DueAt, assignedBy?.Name, _links.App("/assignments"), unsubscribeUrl));
        return Message(member, EmailTemplateNames.Assignment, EmailCategory.Assignment, rendered, e.OccurredAt, unsubscribeUrl: unsubscribeUrl);
    }

    private async Task<EmailMessage?> FeedbackAsync(Guid orgId, Guid attemptId, Guid memberId, Guid scenarioId, int score, int threshold,
        DateTimeOffset at, CancellationToken cancellationToken)
    {
        var member = await FindAsync(db.Members, memberId, cancellationToken);
        if (member is not { IsActive: true } || !(await EmailRecipients.PreferencesAsync(db, member, cancellationToken)).Allows(EmailCategory.Feedback)) return null;
        var attempt = await FindAsync(db.Attempts, attemptId, cancellationToken);
        var scenario = await FindAsync(db.Scenarios, scenarioId, cancellationToken);
        var org = await FindAsync(db.Organizations, orgId, cancellationToken);
        var kpis = attempt?.Kpis ?? new Domain.Attempts.Analysis.ConversationKpis();
        var reply = replies.ForAttempt(orgId, attemptId);
        var summary = attempt?.Feedback is { Length: > 600 } full ? full[..597].TrimEnd() + "…" : attempt?.Feedback;
        var unsubscribeUrl = _links.Unsubscribe(member.OrgId, member.Id, EmailCategory.Feedback);
        var rendered = EmailTemplates.FeedbackReady(new FeedbackModel(member.Email, member.Name, org?.Name ?? "", scenario?.Title ?? "Practice call",
            score, threshold, attempt?.DurationSeconds ?? (int)Math.Round(kpis.CallDurationSeconds), kpis.TalkListenRatio, kpis.FillerWordsPerMinute,
            kpis.QuestionsAsked, kpis.WordsPerMinute, summary, _links.App($"/attempts/{attemptId}"), reply is not null, unsubscribeUrl));
        return Message(member, EmailTemplateNames.FeedbackReady, EmailCategory.Feedback, rendered, at, reply, unsubscribeUrl);
    }

    private async Task<List<EmailMessage>> InvoicePaidAsync(InvoicePaid e, CancellationToken cancellationToken)
    {
        var invoice = await FindAsync(db.Invoices, e.InvoiceId, cancellationToken);
        var org = await FindAsync(db.Organizations, e.OrgId, cancellationToken);
        var amount = EmailFormat.Money(e.AmountCents, e.Currency);
        return await ToAdminsAsync(e.OrgId, EmailTemplateNames.InvoiceReceipt, EmailCategory.Account, e.OccurredAt, admin =>
            EmailTemplates.InvoiceReceipt(new InvoiceReceiptModel(admin.Email, admin.Name, org?.Name ?? "", amount, invoice?.Number, e.OccurredAt,
                invoice?.PeriodStart, invoice?.PeriodEnd, invoice?.HostedInvoiceUrl, _links.App("/billing"))), cancellationToken);
    }

    private async Task<List<EmailMessage>> PaymentFailedAsync(InvoicePaymentFailed e, CancellationToken cancellationToken)
    {
        var invoice = await FindAsync(db.Invoices, e.InvoiceId, cancellationToken);
        var org = await FindAsync(db.Organizations, e.OrgId, cancellationToken);
        var amount = EmailFormat.Money(e.AmountCents, e.Currency);
        var graceDays = (int)Math.Round(billing.PastDueGrace.TotalDays);
        return await ToAdminsAsync(e.OrgId, EmailTemplateNames.PaymentFailed, EmailCategory.Essential, e.OccurredAt, admin =>
            EmailTemplates.PaymentFailed(new PaymentFailedModel(admin.Email, admin.Name, org?.Name ?? "", amount, invoice?.Number,
                invoice?.HostedInvoiceUrl, graceDays, _links.App("/billing"))), cancellationToken);
    }

    private async Task<List<EmailMessage>> PlanChangedAsync(PlanChanged e, CancellationToken cancellationToken)
    {
        var org = await FindAsync(db.Organizations, e.OrgId, cancellationToken);
        return await ToAdminsAsync(e.OrgId, EmailTemplateNames.PlanChanged, EmailCategory.Account, e.OccurredAt, admin =>
            EmailTemplates.PlanChanged(new PlanChangedModel(admin.Email, admin.Name, org?.Name ?? "", PlanName(e.OldPlan), PlanName(e.NewPlan),
                e.OccurredAt, _links.App("/billing"))), cancellationToken);
    }

    private async Task<List<EmailMessage>> WebhookDisabledAsync(WebhookEndpointDisabled e, CancellationToken cancellationToken)
    {
        var org = await FindAsync(db.Organizations, e.OrgId, cancellationToken);
        return await ToAdminsAsync(e.OrgId, EmailTemplateNames.WebhookDisabled, EmailCategory.Essential, e.OccurredAt, admin =>
            EmailTemplates.WebhookDisabled(new WebhookDisabledModel(admin.Email, admin.Name, org?.Name ?? "", e.Name, e.Url, e.Reason,
                e.OccurredAt, _links.App("/admin/webhooks"))), cancellationToken);
    }

    private async Task<List<EmailMessage>> ToAdminsAsync(Guid orgId, string template, EmailCategory category, DateTimeOffset at,
        Func<Member, RenderedEmail> render, CancellationToken cancellationToken)
    {
        var admins = await EmailRecipients.SavedAdminsAsync(db, orgId, cancellationToken);
        return [.. admins.Select(admin => Message(admin, template, category, render(admin), at))];
    }

    private string PlanName(string planId) =>
        plans.FindPlan(planId)?.Name ?? (planId.Length == 0 ? planId : char.ToUpperInvariant(planId[0]) + planId[1..]);

    /// <summary>The footer's unsubscribe link is also the List-Unsubscribe header's URL.</summary>
    private static EmailMessage Message(Member to, string template, EmailCategory category, RenderedEmail rendered, DateTimeOffset at,
        string? replyTo = null, string? unsubscribeUrl = null) =>
        new(to.OrgId, to.Id, to.Email, to.Name, template, category, rendered.Subject, rendered.Html, rendered.Text, replyTo, unsubscribeUrl, null, at);

    /// <summary>Tracked first (created in this transaction), else the database; the ids come from the event, so past the tenant filter.</summary>
    private Task<T?> FindAsync<T>(DbSet<T> set, Guid id, CancellationToken cancellationToken) where T : Entity =>
        db.FindTrackedOrStoredAsync(set, id, cancellationToken);
}
