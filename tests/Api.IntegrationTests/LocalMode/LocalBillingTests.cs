using System.Net;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Infrastructure.Data;
using VoiceTraining.Infrastructure.Data.Seed;

namespace VoiceTraining.Api.IntegrationTests.LocalMode;

/// <summary>
/// Local billing mode (Development, no Stripe keys): the demo organization's plan is a local
/// subscription on which voice AI SIMs are sold by a stand-in that charges nothing; what needs
/// Stripe's pages still answers 503.
/// </summary>
public sealed class LocalBillingTests(LocalModeFixture fixture) : IClassFixture<LocalModeFixture>
{
    private async Task<HttpClient> DemoAdminAsync()
    {
        // What the API does at start in local mode.
        await DatabaseInitializer.InitializeAsync(fixture.Factory.Services, seedDemo: true);
        return await SignedInAsync(DemoSeeder.AdminEmail);
    }

    /// <summary>Signed in as local mode signs in: a token from the local issuer.</summary>
    private async Task<HttpClient> SignedInAsync(string email)
    {
        var token = await (await fixture.Anonymous().PostJsonAsync("/api/dev/token", new { email })).ShouldHaveStatus(HttpStatusCode.OK);
        return fixture.ClientWithToken(token.Str("token"));
    }

    [Fact]
    public async Task Voice_ai_sims_are_bought_from_the_local_stand_in_and_assigned()
    {
        var admin = await DemoAdminAsync();
        var plans = await admin.GetJsonAsync("/api/billing/plans");
        (plans.GetProperty("stripeConfigured").GetBoolean(), plans.GetProperty("localPayments").GetBoolean()).Should().Be((false, true));
        var bundle = plans.GetProperty("addOns").EnumerateArray().Single(a => a.Str("id") == "voice_sim_bundle_3");
        (bundle.GetProperty("purchasable").GetBoolean(), bundle.Str("priceId")).Should().Be((true, "price_local_voice_sim_bundle_3"));
        plans.GetProperty("plans").EnumerateArray().Should().OnlyContain(p => !p.GetProperty("purchasable").GetBoolean(), "plans need Stripe's checkout page");
        var summary = await admin.GetJsonAsync("/api/billing");
        (summary.Str("status"), summary.Int("voiceSims")).Should().Be(("active", 0));

        var members = await admin.GetJsonAsync("/api/billing/voice-sims");
        var jamie = members.GetProperty("members").EnumerateArray().Single(m => m.Str("name") == "Jamie Rivera").Id("memberId");
        var bought = await (await admin.PostJsonAsync("/api/checkout/voice-addon", new { userId = jamie, priceId = "price_local_voice_sim_bundle_3" })).ShouldHaveStatus(HttpStatusCode.OK);
        (bought.Int("voiceSims"), bought.Id("assignedTo")).Should().Be((3, jamie));
        var sims = await admin.GetJsonAsync("/api/billing/voice-sims");
        (sims.Int("purchased"), sims.Int("assigned"), sims.Int("available")).Should().Be((3, 1, 2));

        // The stand-in reads its subscription from the saved count: one more single SIM makes four.
        (await (await admin.PostJsonAsync("/api/checkout/voice-addon", new { priceId = "price_local_voice_sim_single" })).ShouldHaveStatus(HttpStatusCode.OK))
            .Int("voiceSims").Should().Be(4);
        (await admin.GetJsonAsync("/api/billing")).Int("voiceSims").Should().Be(4);

        // A second start changes nothing: the demo keeps its subscription and its SIMs.
        await DatabaseInitializer.InitializeAsync(fixture.Factory.Services, seedDemo: true);
        (await admin.GetJsonAsync("/api/billing/voice-sims")).Int("purchased").Should().Be(4);

        // Checkout, portal, plan changes and orders need Stripe.
        await (await admin.PostJsonAsync("/api/checkout/session", new { priceId = "price_local_voice_sim_single" })).ShouldBeValidationProblem("priceId");
        (await (await admin.PostAsync("/api/billing/portal", null)).ShouldBeProblem(HttpStatusCode.ServiceUnavailable)).Str("detail").Should().Contain("STRIPE_SECRET_KEY");
        await (await admin.PostJsonAsync("/api/billing/orders", new { description = "Pack", amountCents = 5000 })).ShouldBeProblem(HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task An_organization_without_a_subscription_is_told_so_in_local_mode_too()
    {
        var admin = await SignedInAsync(fixture.OrgA.Admin.Email);
        var problem = await (await admin.PostJsonAsync("/api/checkout/voice-addon", new { priceId = "price_local_voice_sim_single" })).ShouldBeProblem(HttpStatusCode.Conflict);
        problem.Str("detail").Should().Contain("no plan subscription");
        (await fixture.WithDbAsync(db => db.Organizations.AsNoTracking().SingleAsync(o => o.Id == fixture.OrgA.Id))).VoiceSims.Should().Be(0);
    }
}
