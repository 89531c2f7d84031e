using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Email;
using VoiceTraining.Application.Email.Templates;
using VoiceTraining.Domain.Email;
using VoiceTraining.Domain.Members;
using VoiceTraining.Domain.Organizations;

namespace VoiceTraining.Application.Billing.VoiceSims;

/// <summary>
/// What billing did to the members' voice AI, told to the organization's admins through the email
/// outbox: the rows are added to the caller's unit of work (they commit with the change or not at
/// all) and the sender is woken once it has committed.
/// </summary>
internal sealed class VoiceSimEmails(IApplicationDbContext db, IPublicUrls urls, IAfterCommit afterCommit, IEmailOutboxSignal signal)
{
    private string BillingUrl => urls.BaseUrl + "/billing";

    /// <summary>SIMs taken back because fewer were bought than assigned.</summary>
    public Task ReclaimedAsync(Organization org, IReadOnlyList<Member> members, DateTimeOffset now, CancellationToken cancellationToken) =>
        members.Count == 0 ? Task.CompletedTask : ToAdminsAsync(org, EmailTemplateNames.VoiceSimsReclaimed, now, admin =>
            EmailTemplates.VoiceSimsReclaimed(new VoiceSimsReclaimedModel(admin.Email, admin.Name, org.Name, org.VoiceSims, [.. members.Select(m => m.Name)], BillingUrl)),
            cancellationToken);

    /// <summary>Voice AI paused for <paramref name="members"/> members by an unpaid invoice.</summary>
    public Task PausedAsync(Organization org, int members, string? invoiceNumber, DateTimeOffset now, CancellationToken cancellationToken) =>
        members == 0 ? Task.CompletedTask : ToAdminsAsync(org, EmailTemplateNames.VoiceAiPaused, now, admin =>
            EmailTemplates.VoiceAiPaused(new VoiceAiBillingModel(admin.Email, admin.Name, org.Name, members, invoiceNumber, BillingUrl)), cancellationToken);

    /// <summary>Voice AI restored for the members billing had paused it for.</summary>
    public Task RestoredAsync(Organization org, int members, string? invoiceNumber, DateTimeOffset now, CancellationToken cancellationToken) =>
        members == 0 ? Task.CompletedTask : ToAdminsAsync(org, EmailTemplateNames.VoiceAiRestored, now, admin =>
            EmailTemplates.VoiceAiRestored(new VoiceAiBillingModel(admin.Email, admin.Name, org.Name, members, invoiceNumber, BillingUrl)), cancellationToken);

    private async Task ToAdminsAsync(Organization org, string template, DateTimeOffset now, Func<Member, RenderedEmail> render, CancellationToken cancellationToken)
    {
        var admins = await EmailRecipients.SavedAdminsAsync(db, org.Id, cancellationToken);
        if (admins.Count == 0) return;
        foreach (var admin in admins)
        {
            var email = render(admin);
            // Essential: it says why members lost a paid feature; no preference turns it off.
            db.EmailMessages.Add(new EmailMessage(org.Id, admin.Id, admin.Email, admin.Name, template, EmailCategory.Essential,
                email.Subject, email.Html, email.Text, replyTo: null, unsubscribeUrl: null, dedupeKey: null, now));
        }
        afterCommit.Enqueue(signal.Notify);
    }
}
