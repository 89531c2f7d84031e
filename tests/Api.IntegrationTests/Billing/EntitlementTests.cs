using System.Net;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Api.IntegrationTests.Infrastructure;

namespace VoiceTraining.Api.IntegrationTests.Billing;

/// <summary>Plan limits enforced where members act, the past-due grace, and billing without Stripe keys (local mode).</summary>
public sealed class EntitlementTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private async Task<SeededOrganization> OrgOnPlanAsync(string plan)
    {
        var org = await fixture.SeedOrganizationAsync();
        await fixture.WithDbAsync(db => db.Database.ExecuteSqlInterpolatedAsync($"UPDATE organizations SET plan = {plan} WHERE id = {org.Id}"));
        return org;
    }

    [Fact]
    public async Task Adding_a_member_beyond_the_plans_seats_is_refused_with_the_numbers()
    {
        var org = await OrgOnPlanAsync("free"); // 3 seats; the seed has 5 active members
        var problem = await (await fixture.ClientFor(org.Admin).PostJsonAsync("/api/members", new { email = $"seat.{Guid.NewGuid():N}@example.test" }))
            .ShouldBeProblem(HttpStatusCode.Forbidden);
        problem.Str("limit").Should().Be("seats");
        problem.Int("allowed").Should().Be(3);
        problem.Int("used").Should().Be(5);
        problem.Str("detail").Should().Contain("Upgrade");
        problem.Str("type").Should().Be("urn:problem-type:plan-limit");
        (await fixture.WithDbAsync(db => db.Members.IgnoreQueryFilters().CountAsync(m => m.OrgId == org.Id))).Should().Be(6, "nothing was added");

        // Reactivating a deactivated member takes a seat too.
        await (await fixture.ClientFor(org.Admin).PostAsync($"/api/members/{org.Deactivated.Id}/reactivate", null)).ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Publishing_beyond_the_plans_scenarios_is_refused()
    {
        var org = await OrgOnPlanAsync("free"); // 3 published; the seed has 2 published and a draft
        var manager = fixture.ClientFor(org.Manager);
        await (await manager.PostAsync($"/api/scenarios/{org.DraftScenarioId}/publish", null)).ShouldHaveStatus(HttpStatusCode.OK);
        var another = await (await manager.PostJsonAsync("/api/scenarios", new { title = "Fourth", personaId = org.PersonaId, aiPrompt = "You are a buyer." }))
            .ShouldHaveStatus(HttpStatusCode.Created);
        var problem = await (await manager.PostAsync($"/api/scenarios/{another.Id()}/publish", null)).ShouldBeProblem(HttpStatusCode.Forbidden);
        (problem.Str("limit"), problem.Int("allowed"), problem.Int("used")).Should().Be(("published_scenarios", 3, 3));
    }

    [Fact]
    public async Task A_call_cannot_start_when_the_periods_voice_minutes_are_spent()
    {
        var org = await OrgOnPlanAsync("free"); // 30 minutes a month
        var trainee = fixture.ClientFor(org.Trainee);
        await (await trainee.GetAsync($"/api/calls/config?scenarioId={org.PublishedScenarioId}")).ShouldHaveStatus(HttpStatusCode.OK);
        await fixture.WithDbAsync(db => db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO voice_usage_records (id, org_id, member_id, attempt_id, provider, seconds, minutes, price_per_minute_usd, cost_usd, created_at, updated_at)
            VALUES ({Guid.CreateVersion7()}, {org.Id}, {org.Trainee.Id}, {org.TraineeAttemptId}, 'vapi', 1800, 30.0, 0.10, 3.0, now(), now())
            """));
        var problem = await (await trainee.GetAsync($"/api/calls/config?scenarioId={org.PublishedScenarioId}")).ShouldBeProblem(HttpStatusCode.Forbidden);
        (problem.Str("limit"), problem.Int("allowed"), problem.Int("used")).Should().Be(("voice_minutes", 30, 30));

        var billing = await fixture.ClientFor(org.Admin).GetJsonAsync("/api/billing");
        billing.GetProperty("voiceMinutes").GetProperty("used").GetDecimal().Should().Be(30.0m);
        billing.GetProperty("voiceMinutes").GetProperty("allowed").GetInt32().Should().Be(30);
        billing.GetProperty("voiceCostUsd").GetDecimal().Should().Be(3.00m);
    }

    [Fact]
    public async Task Webhooks_and_api_keys_need_a_plan_that_includes_them()
    {
        var org = await OrgOnPlanAsync("starter");
        var admin = fixture.ClientFor(org.Admin);
        var webhook = await (await admin.PostJsonAsync("/api/webhooks", new { name = "CRM", url = "https://crm.example.com/hook", events = new[] { "user.added" } }))
            .ShouldBeProblem(HttpStatusCode.Forbidden);
        webhook.Str("limit").Should().Be("webhooks");
        webhook.Str("detail").Should().Contain("Professional");
        (await (await admin.PostJsonAsync("/api/api-keys", new { name = "Zapier", scopes = new[] { "read" } })).ShouldBeProblem(HttpStatusCode.Forbidden))
            .Str("limit").Should().Be("api_access");
    }

    [Fact]
    public async Task A_past_due_organization_can_only_read_after_the_grace_period()
    {
        var org = await fixture.SeedOrganizationAsync();
        var admin = fixture.ClientFor(org.Admin);
        async Task PastDueSinceAsync(int days) => await fixture.WithDbAsync(db => db.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE organizations SET subscription_status = 'PastDue', past_due_since = {DateTimeOffset.UtcNow.AddDays(-days)} WHERE id = {org.Id}"));
        object Persona() => new { name = $"P {Guid.NewGuid():N}", voiceProvider = "elevenlabs", voiceId = "v", difficulty = "easy" };

        await PastDueSinceAsync(3);
        await (await admin.PostJsonAsync("/api/personas", Persona())).ShouldHaveStatus(HttpStatusCode.Created);

        await PastDueSinceAsync(8);
        var problem = await (await admin.PostJsonAsync("/api/personas", Persona())).ShouldBeProblem(HttpStatusCode.Forbidden);
        problem.Str("limit").Should().Be("past_due");
        problem.Str("detail").Should().Contain("Settings > Billing");
        await (await admin.GetAsync("/api/personas")).ShouldHaveStatus(HttpStatusCode.OK);
        var billing = await admin.GetJsonAsync("/api/billing");
        billing.Str("status").Should().Be("past_due");
        billing.IsNull("readOnlyFrom").Should().BeFalse();
        // Paying stays possible: billing commands are not blocked (here Stripe is not configured: 503, not 403).
        await (await admin.PostAsync("/api/billing/portal", null)).ShouldBeProblem(HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task Without_stripe_keys_billing_says_so_and_plans_and_usage_still_work()
    {
        var admin = fixture.ClientFor(fixture.OrgA.Admin);
        var plans = await admin.GetJsonAsync("/api/billing/plans");
        plans.GetProperty("stripeConfigured").GetBoolean().Should().BeFalse();
        plans.GetProperty("plans").EnumerateArray().Should().OnlyContain(p => !p.GetProperty("purchasable").GetBoolean());
        var summary = await admin.GetJsonAsync("/api/billing");
        summary.GetProperty("plan").Str("id").Should().Be("professional");
        summary.GetProperty("stripeConfigured").GetBoolean().Should().BeFalse();

        var checkout = await (await admin.PostJsonAsync("/api/checkout/session", new { priceId = "price_anything" })).ShouldBeValidationProblem("priceId");
        checkout.GetProperty("priceId")[0].GetString().Should().Contain("not the price of a plan");
        await (await admin.PostAsync("/api/billing/portal", null)).ShouldBeProblem(HttpStatusCode.ServiceUnavailable);
        (await (await admin.PostJsonAsync("/api/billing/orders", new { description = "x", amountCents = 5000 })).ShouldBeProblem(HttpStatusCode.ServiceUnavailable))
            .Str("detail").Should().Contain("Stripe is not configured");
        (await (await fixture.Anonymous().PostAsync("/api/webhooks/stripe", ClientHttp.RawJson("{}"))).ShouldBeProblem(HttpStatusCode.ServiceUnavailable))
            .Str("detail").Should().Contain("STRIPE_WEBHOOK_SECRET");
    }
}
