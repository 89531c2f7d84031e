using Microsoft.EntityFrameworkCore;
using VoiceTraining.Domain.Assignments;
using VoiceTraining.Infrastructure.Billing.Local;
using VoiceTraining.Domain.Members;
using VoiceTraining.Domain.Organizations;
using VoiceTraining.Domain.Personas;
using VoiceTraining.Domain.Scenarios;
using VoiceTraining.Domain.Tracks;

namespace VoiceTraining.Infrastructure.Data.Seed;

/// <summary>
/// A demo organization to try the product with: an admin, a manager, three trainees, three
/// personas, five scenarios with rubrics, a track and assignments (one of them overdue).
/// Runs once: it does nothing when the demo organization exists.
/// </summary>
public static class DemoSeeder
{
    public const string OrgExternalId = "org_demo_acme";
    public const string AdminEmail = "admin@acme.test";
    public const string ManagerEmail = "manager@acme.test";

    /// <summary>
    /// Local billing mode: the demo organization's plan becomes a subscription at the local stand-in
    /// (<see cref="LocalPayments.SubscriptionIdFor"/>), this month its period. False when it has a
    /// subscription already or there is no demo organization.
    /// </summary>
    public static async Task<bool> AttachLocalSubscriptionAsync(ApplicationDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var org = await db.Organizations.SingleOrDefaultAsync(o => o.ExternalId == OrgExternalId, cancellationToken);
        if (org is null || org.BillingSubscriptionId is not null) return false;
        var now = clock.GetUtcNow();
        var (start, end) = LocalPayments.PeriodAt(now);
        org.ApplySubscription(org.Plan, SubscriptionStatus.Active, LocalPayments.SubscriptionIdFor(org.Id), start, end, cancelAtPeriodEnd: false,
            org.VoiceSims, org.VoiceAddOnLines, now, now);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public static async Task<bool> SeedAsync(ApplicationDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await db.Organizations.AnyAsync(o => o.ExternalId == OrgExternalId, cancellationToken)) return false;
        var now = clock.GetUtcNow();

        var org = new Organization("Acme Lending", OrgExternalId, now);
        // The demo shows every feature (webhooks, API keys): it runs on the Professional plan.
        org.SetPlan("professional", now);
        db.Organizations.Add(org);

        var admin = new Member(org.Id, "user_demo_admin", AdminEmail, "Avery Admin", MemberRole.Admin, now);
        var manager = new Member(org.Id, "user_demo_manager", ManagerEmail, "Morgan Manager", MemberRole.Manager, now);
        var trainees = new[]
        {
            new Member(org.Id, "user_demo_trainee1", "jamie@acme.test", "Jamie Rivera", MemberRole.Trainee, now),
            new Member(org.Id, "user_demo_trainee2", "sam@acme.test", "Sam Patel", MemberRole.Trainee, now),
            new Member(org.Id, "user_demo_trainee3", "alex@acme.test", "Alex Chen", MemberRole.Trainee, now),
        };
        foreach (var t in trainees) t.ReportTo(manager, now);
        db.Members.AddRange([admin, manager, .. trainees]);

        var sarah = new Persona(org.Id, "Sarah, first-time home buyer",
            "Curious but cautious; worried about rates and closing costs.", "elevenlabs", "sarah_professional", Difficulty.Easy, now);
        var derek = new Persona(org.Id, "Derek, skeptical CFO",
            "Busy, numbers-driven, interrupts, wants ROI in the first minute.", "elevenlabs", "derek_executive", Difficulty.Hard, now);
        var maria = new Persona(org.Id, "Maria, refinancing homeowner",
            "Friendly, comparing three lenders, sensitive to fees.", "elevenlabs", "maria_warm", Difficulty.Medium, now);
        db.Personas.AddRange(sarah, derek, maria);

        var scenarios = new[]
        {
            Published(new Scenario(org.Id, "Loan Officer Cold Call", "Open a cold call, earn the next meeting.", sarah.Id,
                "You are Sarah, a first-time home buyer who did not expect this call. Be polite but guarded. Agree to a follow-up only if the caller asks good questions about your situation.",
                [Kpi("Balanced talk time", 3, KpiMetric.TalkRatio, 35, 55), Required("Asks for the meeting", 2, "follow-up", "next step", "meeting"), Kpi("Few filler words", 1, KpiMetric.FillerWordsPerMinute, null, 3)],
                70, manager.Id, now), now),
            Published(new Scenario(org.Id, "Objection: rates are too high", "Handle a rate objection without discounting.", maria.Id,
                "You are Maria. You have a quote 0.25% lower from another lender. Push back on price twice before considering value.",
                [Required("Acknowledges the concern", 2, "understand", "fair point", "makes sense"), Forbidden("Never badmouths competitors", 2, "scam", "rip-off"), Kpi("Asks questions", 1, KpiMetric.QuestionsAsked, 3, null)],
                75, manager.Id, now), now),
            Published(new Scenario(org.Id, "Discovery with a CFO", "Uncover pain and budget with an impatient executive.", derek.Id,
                "You are Derek, CFO of a 200-person company. You have five minutes. Interrupt long monologues. Reveal budget only when asked directly.",
                [Kpi("Short monologues", 2, KpiMetric.LongestMonologueSeconds, null, 45), Kpi("Asks questions", 2, KpiMetric.QuestionsAsked, 5, null), Required("Asks about budget", 1, "budget")],
                80, manager.Id, now), now),
            Published(new Scenario(org.Id, "Closing the refinance", "Ask for the commitment and handle the last hesitation.", maria.Id,
                "You are Maria, ready to refinance but nervous about paperwork. Commit if the caller explains next steps clearly.",
                [Required("Asks for the commitment", 3, "get started", "move forward", "sign"), Kpi("Patient pauses", 1, KpiMetric.PatienceSeconds, 0.5, 3)],
                70, manager.Id, now), now),
            new Scenario(org.Id, "Renewal call (draft)", "Work in progress: a renewal conversation.", sarah.Id,
                "You are Sarah, a customer up for renewal.", [Kpi("Balanced talk time", 1, KpiMetric.TalkRatio, 40, 60)],
                70, manager.Id, now),
        };
        db.Scenarios.AddRange(scenarios);

        var track = new Track(org.Id, "New hire onboarding", "The first three calls every loan officer practises.",
            [scenarios[0].Id, scenarios[1].Id, scenarios[3].Id], now);
        db.Tracks.Add(track);

        db.Assignments.AddRange(
            new Assignment(org.Id, trainees[0].Id, scenarios[0].Id, null, manager.Id, now.AddDays(7), now),
            new Assignment(org.Id, trainees[0].Id, null, track.Id, manager.Id, now.AddDays(30), now),
            new Assignment(org.Id, trainees[1].Id, scenarios[2].Id, null, manager.Id, now.AddDays(3), now),
            // Overdue from the start, so the overdue path has something to show.
            Assignment.Imported(org.Id, trainees[2].Id, scenarios[1].Id, null, manager.Id, now.AddDays(-2), now.AddDays(-9)));

        // Demo data is history, not news: nobody is told about it.
        foreach (var entry in db.ChangeTracker.Entries<VoiceTraining.Domain.Common.IHasDomainEvents>()) entry.Entity.ClearDomainEvents();
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private static Scenario Published(Scenario scenario, DateTimeOffset now)
    {
        scenario.Publish(now);
        return scenario;
    }

    private static RubricCriterion Kpi(string name, int weight, KpiMetric kpi, double? min, double? max) =>
        new() { Name = name, Weight = weight, Kind = CriterionKind.KpiRange, Kpi = kpi, Min = min, Max = max };

    private static RubricCriterion Required(string name, int weight, params string[] phrases) =>
        new() { Name = name, Weight = weight, Kind = CriterionKind.RequiredPhrases, Phrases = [.. phrases] };

    private static RubricCriterion Forbidden(string name, int weight, params string[] phrases) =>
        new() { Name = name, Weight = weight, Kind = CriterionKind.ForbiddenPhrases, Phrases = [.. phrases] };
}
