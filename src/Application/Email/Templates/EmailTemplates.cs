using static VoiceTraining.Application.Email.Templates.EmailFormat;

namespace VoiceTraining.Application.Email.Templates;

/// <summary>
/// The product's emails, rendered server-side as HTML and plain text in one shared layout
/// (<see cref="EmailWriter"/>). Plain C# rather than a template engine: see docs/adr/0008.
/// </summary>
public static class EmailTemplates
{
    private static Span B(string text) => new(text, Strong: true);

    private static string Hi(string? name) => string.IsNullOrWhiteSpace(name) ? "Hi," : $"Hi {name},";

    public static RenderedEmail Welcome(WelcomeModel m)
    {
        var w = new EmailWriter()
            .Heading($"Welcome to {m.OrgName}")
            .Paragraph(Hi(m.Name))
            .Paragraph(m.InviterName is null
                ? [B(m.OrgName), " uses Voice AI Training to practise sales calls with AI buyers. You have joined as ", B(m.RoleName), "."]
                : [B(m.InviterName), " added you to ", B(m.OrgName), " on Voice AI Training, where the team practises sales calls with AI buyers. You have joined as ", B(m.RoleName), "."])
            .Paragraph("Sign in to see your assignments, hold practice calls in the browser and get feedback on every attempt.")
            .Button("Open Voice AI Training", m.AppUrl);
        return w.Render($"Welcome to {m.OrgName} on Voice AI Training", $"You have joined {m.OrgName} as {m.RoleName}.", new EmailFooter(m.To, m.OrgName));
    }

    public static RenderedEmail Assignment(AssignmentModel m)
    {
        var facts = new List<(string, string)> { ("Due", m.DueAt is { } due ? DateTime(due) : "No due date") };
        if (m.IsTrack) facts.Add(("Track", Plural(m.ScenarioCount, "scenario", "scenarios")));
        if (m.AssignedByName is not null) facts.Add(("Assigned by", m.AssignedByName));
        var w = new EmailWriter()
            .Heading("You have a new assignment")
            .Paragraph(Hi(m.Name))
            .Paragraph("You have been assigned: ", B(m.Title))
            .Facts([.. facts])
            .Button("Start Training", m.AssignmentsUrl);
        return w.Render($"New assignment: {m.Title}", m.DueAt is { } d ? $"{m.Title}, due {Date(d)}." : $"{m.Title} is waiting for you.",
            new EmailFooter(m.To, m.OrgName, m.UnsubscribeUrl, "Unsubscribe from assignment emails"));
    }

    public static RenderedEmail FeedbackReady(FeedbackModel m)
    {
        var w = new EmailWriter()
            .Heading("Your feedback is ready")
            .Paragraph(Hi(m.Name))
            .Paragraph("Your practice call ", B(m.ScenarioTitle), " has been scored.")
            .Facts(("Score", $"{m.Score} / 100"), ("Pass mark", $"{m.PassingThreshold}"), ("Duration", Duration(m.DurationSeconds)),
                ("Talk : listen", m.TalkListenRatio), ("Filler words", $"{Number(m.FillerWordsPerMinute)} per minute"),
                ("Questions asked", $"{m.QuestionsAsked}"), ("Pace", $"{Number(m.WordsPerMinute)} words per minute"));
        w.Callout(m.Passed
            ? $"You passed: {m.Score} is at or above the pass mark of {m.PassingThreshold}."
            : $"This attempt scored below the pass mark of {m.PassingThreshold}. Read the feedback and try again: practice is how scores go up.", warning: !m.Passed);
        if (!string.IsNullOrWhiteSpace(m.Summary)) w.Paragraph(m.Summary.Trim());
        w.Button("View feedback", m.AttemptUrl);
        if (m.CanReply) w.Note("Questions about this call? Reply to this email.");
        var subject = m.Passed
            ? $"Feedback ready: {m.ScenarioTitle} ({m.Score}/100)"
            : $"Feedback ready: {m.ScenarioTitle} ({m.Score}/100, below the pass mark)";
        return w.Render(subject, $"You scored {m.Score} on {m.ScenarioTitle}.", new EmailFooter(m.To, m.OrgName, m.UnsubscribeUrl, "Unsubscribe from feedback emails"));
    }

    public static RenderedEmail Digest(DigestModel m)
    {
        var kind = m.Weekly ? "weekly" : "daily";
        var w = new EmailWriter()
            .Heading($"Your {kind} team digest")
            .Paragraph(Hi(m.Name))
            .Paragraph($"Here is how your team of {Plural(m.TeamSize, "person", "people")} practised ", B(m.PeriodLabel), ".");
        if (m.Completions == 0)
            w.Callout("Nobody on your team completed a practice call in this period.", warning: true);
        else
            w.Facts(("Calls completed", $"{m.Completions}"), ("Average score", m.AverageScore is { } avg ? Number(avg) : "–"), ("Pass rate", $"{m.PassRatePercent}%"),
                ("Trainee talk share", $"{Number(m.AverageTalkShare)}%"), ("Filler words", $"{Number(m.AverageFillerWordsPerMinute)} per minute"),
                ("Questions asked", $"{Number(m.AverageQuestions)} per call"), ("Pace", $"{Number(m.AverageWordsPerMinute)} words per minute"));
        if (m.Members.Count > 0)
            w.Table("Team", ["Member", "Calls", "Average", "Passed"],
                [.. m.Members.Select(r => (IReadOnlyList<string>)[r.Name, $"{r.Completed}", r.AverageScore is { } a ? Number(a) : "–", $"{r.Passed}"])]);
        if (m.Overdue.Count > 0)
            w.Table("Overdue assignments", ["Member", "Assignment", "Due", "Days overdue"],
                [.. m.Overdue.Select(o => (IReadOnlyList<string>)[o.MemberName, o.Title, Date(o.DueAt), $"{o.DaysOverdue}"])]);
        else
            w.Paragraph("No assignments are overdue.");
        w.Button("See team results", m.ResultsUrl);
        return w.Render($"Your {kind} team digest: {m.PeriodLabel}", $"{Plural(m.Completions, "call", "calls")} completed, {Plural(m.Overdue.Count, "assignment", "assignments")} overdue.",
            new EmailFooter(m.To, m.OrgName, m.UnsubscribeUrl, "Unsubscribe from team digests"));
    }

    public static RenderedEmail InvoiceReceipt(InvoiceReceiptModel m)
    {
        var facts = new List<(string, string)> { ("Amount paid", m.Amount), ("Paid on", Date(m.PaidAt)) };
        if (m.InvoiceNumber is not null) facts.Insert(0, ("Invoice", m.InvoiceNumber));
        if (m.PeriodStart is { } from && m.PeriodEnd is { } to) facts.Add(("Period", $"{Date(from)} – {Date(to)}"));
        var w = new EmailWriter()
            .Heading("Payment received")
            .Paragraph(Hi(m.Name))
            .Paragraph("Thank you: we received the payment for ", B(m.OrgName), "'s Voice AI Training subscription.")
            .Facts([.. facts]);
        if (m.InvoiceUrl is not null) w.Button("View invoice", m.InvoiceUrl);
        w.Note($"Invoices and payment details are under Billing: {m.BillingUrl}");
        return w.Render($"Receipt: {m.Amount} paid for Voice AI Training", $"We received {m.Amount} for {m.OrgName}.", new EmailFooter(m.To, m.OrgName));
    }

    public static RenderedEmail PaymentFailed(PaymentFailedModel m)
    {
        var facts = new List<(string, string)> { ("Amount due", m.Amount) };
        if (m.InvoiceNumber is not null) facts.Insert(0, ("Invoice", m.InvoiceNumber));
        var w = new EmailWriter()
            .Heading("Your payment failed")
            .Paragraph(Hi(m.Name))
            .Paragraph("We could not collect the payment for ", B(m.OrgName), "'s Voice AI Training subscription.")
            .Facts([.. facts])
            .Callout($"Your team keeps full access for {Plural(m.GraceDays, "day", "days")}. After that the organization can only read until the payment goes through.", warning: true)
            .Button("Update payment method", m.BillingUrl);
        if (m.InvoiceUrl is not null) w.Note($"The invoice: {m.InvoiceUrl}");
        return w.Render($"Action needed: your payment of {m.Amount} failed", "Update your payment method to keep full access.", new EmailFooter(m.To, m.OrgName));
    }

    public static RenderedEmail PlanChanged(PlanChangedModel m)
    {
        var w = new EmailWriter()
            .Heading("Your plan changed")
            .Paragraph(Hi(m.Name))
            .Paragraph(B(m.OrgName), " is now on the ", B(m.NewPlan), " plan.")
            .Facts(("Previous plan", m.OldPlan), ("New plan", m.NewPlan), ("Changed", DateTime(m.ChangedAt)))
            .Paragraph("Seats, scenarios, voice minutes and features follow the new plan from now on.")
            .Button("See plan and usage", m.BillingUrl);
        return w.Render($"Your Voice AI Training plan is now {m.NewPlan}", $"{m.OrgName} moved from {m.OldPlan} to {m.NewPlan}.", new EmailFooter(m.To, m.OrgName));
    }

    public static RenderedEmail VoiceSimsReclaimed(VoiceSimsReclaimedModel m)
    {
        var lost = Plural(m.Members.Count, "member", "members");
        var w = new EmailWriter()
            .Heading("Voice AI SIMs were taken back")
            .Paragraph(Hi(m.Name))
            .Paragraph(B(m.OrgName), $" now has {Plural(m.Purchased, "voice AI SIM", "voice AI SIMs")}, fewer than were assigned, so the most recently assigned were taken back. ",
                m.Members.Count == 1 ? "This member no longer has voice AI:" : $"These {lost} no longer have voice AI:")
            .Table("Members without voice AI now", ["Member"], [.. m.Members.Select(name => (IReadOnlyList<string>)[name])])
            .Paragraph("Buy more SIMs, or assign the remaining ones to other members, under Billing.")
            .Button("Open Billing", m.BillingUrl);
        return w.Render($"Voice AI SIMs reduced: {lost} lost voice AI", $"{m.OrgName} now has {Plural(m.Purchased, "SIM", "SIMs")}.", new EmailFooter(m.To, m.OrgName));
    }

    public static RenderedEmail VoiceAiPaused(VoiceAiBillingModel m)
    {
        var who = Plural(m.Members, "member", "members");
        var w = new EmailWriter()
            .Heading("Voice AI is paused")
            .Paragraph(Hi(m.Name))
            .Paragraph("A payment for ", B(m.OrgName), $"'s subscription failed{(m.InvoiceNumber is null ? "" : $" (invoice {m.InvoiceNumber})")}, so voice AI is paused for the {who} with a voice AI SIM.")
            .Callout("It comes back on by itself once the payment goes through. Their SIMs stay assigned.", warning: true)
            .Button("Update payment method", m.BillingUrl);
        return w.Render($"Voice AI paused for {who}: a payment failed", "Voice AI comes back once the payment goes through.", new EmailFooter(m.To, m.OrgName));
    }

    public static RenderedEmail VoiceAiRestored(VoiceAiBillingModel m)
    {
        var who = Plural(m.Members, "member", "members");
        var w = new EmailWriter()
            .Heading("Voice AI is back on")
            .Paragraph(Hi(m.Name))
            .Paragraph("The payment for ", B(m.OrgName), $"'s subscription went through{(m.InvoiceNumber is null ? "" : $" (invoice {m.InvoiceNumber})")}: voice AI is restored for the {who} it was paused for.")
            .Button("Open Billing", m.BillingUrl);
        return w.Render($"Voice AI restored for {who}", "The payment went through.", new EmailFooter(m.To, m.OrgName));
    }

    public static RenderedEmail WebhookDisabled(WebhookDisabledModel m)
    {
        var w = new EmailWriter()
            .Heading("A webhook endpoint was switched off")
            .Paragraph(Hi(m.Name))
            .Paragraph("We stopped sending events to the webhook endpoint ", B(m.EndpointName), " of ", B(m.OrgName), ".")
            .Facts(("Endpoint", m.EndpointName), ("URL", m.EndpointUrl), ("Reason", m.Reason), ("Switched off", DateTime(m.DisabledAt)))
            .Paragraph("Events since then are not delivered to it. Fix the receiver, switch the endpoint back on, then replay the failed deliveries.")
            .Button("Open webhook settings", m.WebhooksUrl);
        return w.Render($"Webhook endpoint switched off: {m.EndpointName}", m.Reason, new EmailFooter(m.To, m.OrgName));
    }

    public static RenderedEmail VoiceProviderStatus(VoiceProviderStatusModel m)
    {
        var w = new EmailWriter()
            .Heading(m.Healthy ? $"{m.Provider} is healthy again" : $"{m.Provider} is unhealthy")
            .Paragraph("The ", m.Kind, " provider ", B(m.Provider), m.Healthy ? " of the voice pipeline serves again." : " of the voice pipeline is failing.")
            .Facts(("Provider", m.Provider), ("Serves", m.Kind), ("Why", m.Reason), ("Since", DateTime(m.At)), ("Seen by", m.Instance))
            .Paragraph(m.Healthy
                ? "New turns go to it again; running sessions switch back at their next turn."
                : m.Fallback is { } fallback
                    ? $"New sessions and the next turn of running ones go to {fallback} until it recovers."
                    : "No fallback is configured for it: voice turns that need it fail until it recovers.")
            .Button("Open the provider status", m.AdminUrl);
        return w.Render($"Voice provider {(m.Healthy ? "recovered" : "unhealthy")}: {m.Provider}", m.Reason, new EmailFooter(m.To, null));
    }

    public static RenderedEmail FlagChanged(FlagChangedModel m)
    {
        var where = m.OrgName.Length == 0 ? "the whole platform" : m.OrgName;
        var w = new EmailWriter()
            .Heading("A feature flag changed")
            .Paragraph(Hi(m.Name))
            .Paragraph(B(m.ChangedBy), " changed the feature flag ", B(m.Key), " for ", B(m.Target), ".")
            .Facts(("Flag", m.Key), ("Scope", m.Scope), ("Applies to", m.Target), ("Before", m.OldValue), ("After", m.NewValue),
                ("Reason", m.Reason ?? "None given"), ("Changed", DateTime(m.ChangedAt)))
            .Paragraph("Browsers that are open see the change at once; the audit trail lists every change.")
            .Button("Open feature flags", m.FlagsUrl);
        return w.Render($"Feature flag {m.Key} changed: {m.OldValue} → {m.NewValue}", $"{m.ChangedBy} changed {m.Key} for {m.Target} in {where}.",
            new EmailFooter(m.To, m.OrgName.Length == 0 ? "Voice AI Training" : m.OrgName));
    }

    public static RenderedEmail EmailVerification(AccountLinkModel m)
    {
        var w = new EmailWriter()
            .Heading("Confirm your email address")
            .Paragraph(Hi(m.Name))
            .Paragraph("Confirm that ", B(m.To), " is your email address to finish signing up for Voice AI Training.")
            .Button("Confirm email address", m.Link);
        if (m.ExpiresAt is { } expires) w.Note($"The link works until {DateTime(expires)}.");
        w.Note("If you did not sign up, ignore this email: nothing happens without the link.");
        return w.Render("Confirm your email address for Voice AI Training", "One click to finish signing up.", new EmailFooter(m.To, null));
    }

    public static RenderedEmail PasswordReset(AccountLinkModel m)
    {
        var w = new EmailWriter()
            .Heading("Reset your password")
            .Paragraph(Hi(m.Name))
            .Paragraph("Someone asked to reset the password of the Voice AI Training account ", B(m.To), ". Choose a new password with this link:")
            .Button("Choose a new password", m.Link);
        if (m.ExpiresAt is { } expires) w.Note($"The link works once, until {DateTime(expires)}.");
        w.Note("If you did not ask for this, ignore this email: your password stays as it is.");
        return w.Render("Reset your Voice AI Training password", "A link to choose a new password.", new EmailFooter(m.To, null));
    }
}
