using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Application.Flags;
using VoiceTraining.Domain.Email;
using VoiceTraining.Domain.Flags;

namespace VoiceTraining.Api.IntegrationTests.Billing;

/// <summary>
/// Voice AI SIMs held by members: bought as lines of the plan subscription (the local Stripe plays
/// it), assigned and taken back by admins, taken back when Stripe lowers the count or a member is
/// deactivated, and given to the member a purchase names.
/// </summary>
public sealed class VoiceSimTests(BillingFixture fixture) : IClassFixture<BillingFixture>
{
    private FakeStripe Stripe => fixture.Stripe;

    /// <summary>
    /// The organization's plan subscription with these add-on lines, as Stripe's subscription.updated
    /// delivers it (signed, through the webhook). <paramref name="second"/> orders the events.
    /// </summary>
    private async Task SubscriptionAsync(SeededOrganization org, int second, params (string Price, int Quantity)[] addOns)
    {
        var tag = Tag(org);
        var t = DateTimeOffset.UtcNow;
        var subscription = Stripe.AddSubscription("sub_vs_" + tag, "cus_vs_" + tag, org.Id, "active", t, t.AddMonths(1),
            [(BillingFixture.ProfessionalPrice, 1), .. addOns]);
        var body = BillingFixture.Event($"evt_vs_{tag}_{second}", "customer.subscription.updated", t.AddSeconds(second),
            JsonNode.Parse(subscription.ToJsonString())!.AsObject());
        (await fixture.DeliverAsync(body)).Should().Be("applied");
    }

    /// <summary>
    /// The organization's part of the Stripe ids and event ids: the whole id, since a UUIDv7's first
    /// characters are its time and two organizations seeded within the same quarter second share them.
    /// </summary>
    private static string Tag(SeededOrganization org) => org.Id.ToString("N");

    private static Task<HttpResponseMessage> SetSimAsync(HttpClient client, Guid memberId, bool? active) =>
        client.PutJsonAsync($"/api/members/{memberId}/voice-sim", active is null ? new { } : new { active });

    private static JsonElement Row(JsonElement sims, Guid memberId) =>
        sims.GetProperty("members").EnumerateArray().Single(m => m.Id("memberId") == memberId);

    private static (int Purchased, int Assigned, int Available) Counts(JsonElement sims) =>
        (sims.Int("purchased"), sims.Int("assigned"), sims.Int("available"));

    private Task<List<EmailMessage>> EmailsAsync(Guid orgId, string template) =>
        fixture.WithDbAsync(db => db.EmailMessages.AsNoTracking().Where(e => e.OrgId == orgId && e.Template == template).OrderBy(e => e.CreatedAt).ToListAsync());

    [Fact]
    public async Task Admins_assign_the_purchased_sims_to_members_and_no_more()
    {
        var org = await fixture.SeedOrganizationAsync();
        var admin = fixture.ClientFor(org.Admin);
        await SubscriptionAsync(org, 1, (BillingFixture.BundlePrice, 1));

        var sims = await admin.GetJsonAsync("/api/billing/voice-sims");
        Counts(sims).Should().Be((3, 0, 3), "a bundle of 3 is three assignable SIMs");
        sims.GetProperty("members").EnumerateArray().Select(m => m.Id("memberId")).Should()
            .BeEquivalentTo([org.Admin.Id, org.Manager.Id, org.Trainee.Id, org.Teammate.Id, org.Loner.Id], "the active members, not the deactivated one");
        sims.GetProperty("members").EnumerateArray().Should().OnlyContain(m => !m.GetProperty("voiceAddOnActive").GetBoolean() && !m.GetProperty("voiceAiEnabled").GetBoolean());

        foreach (var member in new[] { org.Trainee, org.Teammate, org.Loner })
        {
            var row = await (await SetSimAsync(admin, member.Id, true)).ShouldHaveStatus(HttpStatusCode.OK);
            (row.Id("memberId"), row.GetProperty("voiceAddOnActive").GetBoolean(), row.GetProperty("voiceAiEnabled").GetBoolean()).Should().Be((member.Id, true, true));
            row.IsNull("assignedAt").Should().BeFalse();
        }
        var assignedAt = Row(await admin.GetJsonAsync("/api/billing/voice-sims"), org.Trainee.Id).GetProperty("assignedAt").GetDateTimeOffset();

        // Again: nothing changes, not even when it was assigned.
        var again = await (await SetSimAsync(admin, org.Trainee.Id, true)).ShouldHaveStatus(HttpStatusCode.OK);
        again.GetProperty("assignedAt").GetDateTimeOffset().Should().Be(assignedAt);

        // A fourth member: all three are taken; the problem says how many were bought and how to get more.
        var full = await (await SetSimAsync(admin, org.Manager.Id, true)).ShouldBeProblem(HttpStatusCode.Conflict);
        full.Str("detail").Should().Contain("3 of 3").And.Contain("Buy more").And.Contain("/api/checkout/voice-addon");
        sims = await admin.GetJsonAsync("/api/billing/voice-sims");
        Counts(sims).Should().Be((3, 3, 0));
        Row(sims, org.Manager.Id).GetProperty("voiceAddOnActive").GetBoolean().Should().BeFalse();

        // Taking one back frees it for someone else, and taking it back twice is the same answer.
        var freed = await (await SetSimAsync(admin, org.Loner.Id, false)).ShouldHaveStatus(HttpStatusCode.OK);
        (freed.GetProperty("voiceAddOnActive").GetBoolean(), freed.IsNull("assignedAt")).Should().Be((false, true));
        await (await SetSimAsync(admin, org.Loner.Id, false)).ShouldHaveStatus(HttpStatusCode.OK);
        Counts(await admin.GetJsonAsync("/api/billing/voice-sims")).Should().Be((3, 2, 1));
        await (await SetSimAsync(admin, org.Manager.Id, true)).ShouldHaveStatus(HttpStatusCode.OK);
        Counts(await admin.GetJsonAsync("/api/billing/voice-sims")).Should().Be((3, 3, 0));

        // A deactivated member cannot hold one, another organization's member is not found, and the body must say which.
        (await (await SetSimAsync(admin, org.Deactivated.Id, true)).ShouldBeProblem(HttpStatusCode.Conflict)).Str("detail").Should().Contain("deactivated");
        var other = await fixture.SeedOrganizationAsync("Other");
        await (await SetSimAsync(admin, other.Trainee.Id, true)).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await SetSimAsync(admin, org.Loner.Id, null)).ShouldBeValidationProblem("active");
        await (await SetSimAsync(fixture.ClientFor(org.Manager), org.Loner.Id, true)).ShouldBeProblem(HttpStatusCode.Forbidden);

        var rows = await fixture.WithDbAsync(db => db.UserVoiceAddOns.IgnoreQueryFilters().AsNoTracking().Where(u => u.OrgId == org.Id && u.VoiceAddOnActive).ToListAsync());
        rows.Select(r => r.MemberId).Should().BeEquivalentTo([org.Trainee.Id, org.Teammate.Id, org.Manager.Id]);
        rows.Should().OnlyContain(r => r.AssignedById == org.Admin.Id);
    }

    private static Task<HttpResponseMessage> SetLineAsync(HttpClient client, string priceId, int? quantity) =>
        client.PutJsonAsync("/api/billing/voice-addon", quantity is null ? new { priceId } : (object)new { priceId, quantity });

    private static (string PriceId, int Quantity, int Sims)[] Lines(JsonElement sims) =>
        [.. sims.GetProperty("lines").EnumerateArray().Select(l => (l.Str("priceId"), l.Int("quantity"), l.Int("sims")))];

    [Fact]
    public async Task Admins_lower_and_remove_sim_lines_with_a_credit_but_never_below_the_sims_members_hold()
    {
        var org = await fixture.SeedOrganizationAsync();
        var admin = fixture.ClientFor(org.Admin);
        var path = $"/v1/subscriptions/sub_vs_{Tag(org)}";
        await SubscriptionAsync(org, 1, (BillingFixture.BundlePrice, 2), (BillingFixture.SingleSimPrice, 1));
        var sims = await admin.GetJsonAsync("/api/billing/voice-sims");
        Counts(sims).Should().Be((7, 0, 7));
        Lines(sims).Should().BeEquivalentTo([(BillingFixture.BundlePrice, 2, 6), (BillingFixture.SingleSimPrice, 1, 1)]);
        sims.GetProperty("lines").EnumerateArray().Single(l => l.Str("priceId") == BillingFixture.BundlePrice).Int("simsEach").Should().Be(3);
        foreach (var member in new[] { org.Trainee, org.Teammate, org.Loner, org.Manager })
            await (await SetSimAsync(admin, member.Id, true)).ShouldHaveStatus(HttpStatusCode.OK);

        // One bundle fewer: 7 → 4 SIMs, four held. Stripe lowers the item's quantity and credits the rest of the period.
        var lowered = await (await SetLineAsync(admin, BillingFixture.BundlePrice, 1)).ShouldHaveStatus(HttpStatusCode.OK);
        (lowered.Str("priceId"), lowered.Int("quantity"), lowered.Int("voiceSims")).Should().Be((BillingFixture.BundlePrice, 1, 4));
        var request = Stripe.To(path).Last(r => r.Method == "POST");
        request.Form["items[0][id]"].Should().StartWith("si_");
        request.Form.Should().Contain(new Dictionary<string, string> { ["items[0][quantity]"] = "1", ["proration_behavior"] = "create_prorations" })
            .And.NotContainKey("payment_behavior").And.NotContainKey("items[0][deleted]").And.NotContainKey("items[0][price]");
        request.IdempotencyKey.Should().NotBeNullOrEmpty();
        sims = await admin.GetJsonAsync("/api/billing/voice-sims");
        Counts(sims).Should().Be((4, 4, 0));
        Lines(sims).Should().BeEquivalentTo([(BillingFixture.BundlePrice, 1, 3), (BillingFixture.SingleSimPrice, 1, 1)]);

        // Removing the single SIM would leave 3 for 4 holders: refused, and Stripe is not asked.
        var posts = Stripe.To(path).Count(r => r.Method == "POST");
        var refused = await (await SetLineAsync(admin, BillingFixture.SingleSimPrice, 0)).ShouldBeProblem(HttpStatusCode.Conflict);
        refused.Str("detail").Should().Contain("4 voice AI SIMs are assigned").And.Contain("keep 3").And.Contain("take back 1");
        Stripe.To(path).Count(r => r.Method == "POST").Should().Be(posts);
        Counts(await admin.GetJsonAsync("/api/billing/voice-sims")).Should().Be((4, 4, 0));

        // The admin takes one back, then the line goes: items[0][deleted]=true.
        await (await SetSimAsync(admin, org.Manager.Id, false)).ShouldHaveStatus(HttpStatusCode.OK);
        var removed = await (await SetLineAsync(admin, BillingFixture.SingleSimPrice, 0)).ShouldHaveStatus(HttpStatusCode.OK);
        (removed.Int("quantity"), removed.Int("voiceSims")).Should().Be((0, 3));
        Stripe.To(path).Last(r => r.Method == "POST").Form.Should()
            .Contain(new Dictionary<string, string> { ["items[0][deleted]"] = "true", ["proration_behavior"] = "create_prorations" });
        Stripe.Subscriptions[$"sub_vs_{Tag(org)}"]["items"]!["data"]!.AsArray().Select(i => (string?)i!["price"]!["id"]).Should()
            .BeEquivalentTo([BillingFixture.ProfessionalPrice, BillingFixture.BundlePrice], "the plan and the bundle stay");
        sims = await admin.GetJsonAsync("/api/billing/voice-sims");
        Counts(sims).Should().Be((3, 3, 0));
        Lines(sims).Should().BeEquivalentTo([(BillingFixture.BundlePrice, 1, 3)]);
        (await EmailsAsync(org.Id, EmailTemplateNames.VoiceSimsReclaimed)).Should().BeEmpty("nobody lost a SIM they held");

        // The same quantity again changes nothing at Stripe; raising it is a purchase, charged now.
        posts = Stripe.To(path).Count(r => r.Method == "POST");
        (await (await SetLineAsync(admin, BillingFixture.BundlePrice, 1)).ShouldHaveStatus(HttpStatusCode.OK)).Int("voiceSims").Should().Be(3);
        Stripe.To(path).Count(r => r.Method == "POST").Should().Be(posts);
        (await (await SetLineAsync(admin, BillingFixture.SingleSimPrice, 2)).ShouldHaveStatus(HttpStatusCode.OK)).Int("voiceSims").Should().Be(5);
        Stripe.To(path).Last(r => r.Method == "POST").Form.Should().Contain(new Dictionary<string, string>
        {
            ["items[0][price]"] = BillingFixture.SingleSimPrice, ["items[0][quantity]"] = "2",
            ["proration_behavior"] = "always_invoice", ["payment_behavior"] = "error_if_incomplete",
        });

        // Bad input: no quantity (it must not read as 0), a negative one, a price that is no add-on's, a manager.
        await (await SetLineAsync(admin, BillingFixture.BundlePrice, null)).ShouldBeValidationProblem("quantity");
        await (await SetLineAsync(admin, BillingFixture.BundlePrice, -1)).ShouldBeValidationProblem("quantity");
        await (await SetLineAsync(admin, BillingFixture.ProfessionalPrice, 0)).ShouldBeValidationProblem("priceId");
        await (await SetLineAsync(fixture.ClientFor(org.Manager), BillingFixture.BundlePrice, 0)).ShouldBeProblem(HttpStatusCode.Forbidden);
        Counts(await admin.GetJsonAsync("/api/billing/voice-sims")).Should().Be((5, 3, 2));
    }

    [Fact]
    public async Task Stripe_lowering_the_sims_takes_back_the_most_recently_assigned_and_tells_the_admins()
    {
        var org = await fixture.SeedOrganizationAsync();
        var admin = fixture.ClientFor(org.Admin);
        await SubscriptionAsync(org, 1, (BillingFixture.BundlePrice, 1));
        // One after the other, so the order of assignment is the order of these calls.
        foreach (var member in new[] { org.Teammate, org.Trainee, org.Loner })
            await (await SetSimAsync(admin, member.Id, true)).ShouldHaveStatus(HttpStatusCode.OK);

        // The bundle is swapped for one single SIM in Stripe's portal: 3 → 1.
        await SubscriptionAsync(org, 2, (BillingFixture.SingleSimPrice, 1));

        var sims = await admin.GetJsonAsync("/api/billing/voice-sims");
        Counts(sims).Should().Be((1, 1, 0));
        Row(sims, org.Teammate.Id).GetProperty("voiceAddOnActive").GetBoolean().Should().BeTrue("the first assigned keeps theirs");
        Row(sims, org.Trainee.Id).GetProperty("voiceAddOnActive").GetBoolean().Should().BeFalse();
        Row(sims, org.Loner.Id).GetProperty("voiceAddOnActive").GetBoolean().Should().BeFalse();

        var emails = await EmailsAsync(org.Id, EmailTemplateNames.VoiceSimsReclaimed);
        var email = emails.Should().ContainSingle("one email to the organization's one admin").Which;
        email.ToAddress.Should().Be(org.Admin.Email);
        email.Subject.Should().Be("Voice AI SIMs reduced: 2 members lost voice AI");
        email.TextBody.Should().Contain(org.Loner.Name).And.Contain(org.Trainee.Name).And.NotContain(org.Teammate.Name)
            .And.Contain("now has 1 voice AI SIM");

        // The same state again takes nothing more back and writes no second email.
        await SubscriptionAsync(org, 3, (BillingFixture.SingleSimPrice, 1));
        Counts(await admin.GetJsonAsync("/api/billing/voice-sims")).Should().Be((1, 1, 0));
        (await EmailsAsync(org.Id, EmailTemplateNames.VoiceSimsReclaimed)).Should().HaveCount(1);

        // The subscription ends: every SIM goes back.
        var tag = Tag(org);
        var ended = BillingFixture.Event($"evt_vs_end_{tag}", "customer.subscription.deleted", DateTimeOffset.UtcNow.AddSeconds(4),
            JsonNode.Parse(Stripe.AddSubscription("sub_vs_" + tag, "cus_vs_" + tag, org.Id, "canceled", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMonths(1)).ToJsonString())!.AsObject());
        (await fixture.DeliverAsync(ended)).Should().Be("applied");
        Counts(await admin.GetJsonAsync("/api/billing/voice-sims")).Should().Be((0, 0, 0));
        (await EmailsAsync(org.Id, EmailTemplateNames.VoiceSimsReclaimed)).Should().HaveCount(2);
    }

    [Fact]
    public async Task Deactivating_a_member_gives_their_sim_back()
    {
        var org = await fixture.SeedOrganizationAsync();
        var admin = fixture.ClientFor(org.Admin);
        await SubscriptionAsync(org, 1, (BillingFixture.SingleSimPrice, 1));
        await (await SetSimAsync(admin, org.Loner.Id, true)).ShouldHaveStatus(HttpStatusCode.OK);
        await (await SetSimAsync(admin, org.Trainee.Id, true)).ShouldBeProblem(HttpStatusCode.Conflict);

        await (await admin.PostAsync($"/api/members/{org.Loner.Id}/deactivate", null)).ShouldHaveStatus(HttpStatusCode.OK);

        Counts(await admin.GetJsonAsync("/api/billing/voice-sims")).Should().Be((1, 0, 1));
        var row = await fixture.WithDbAsync(db => db.UserVoiceAddOns.IgnoreQueryFilters().AsNoTracking().SingleAsync(u => u.MemberId == org.Loner.Id));
        (row.VoiceAddOnActive, row.UnassignedAt is not null).Should().Be((false, true));
        await (await SetSimAsync(admin, org.Trainee.Id, true)).ShouldHaveStatus(HttpStatusCode.OK);
        // Reactivated, they are a member again, without a SIM.
        await (await admin.PostAsync($"/api/members/{org.Loner.Id}/reactivate", null)).ShouldHaveStatus(HttpStatusCode.OK);
        Row(await admin.GetJsonAsync("/api/billing/voice-sims"), org.Loner.Id).GetProperty("voiceAddOnActive").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task Buying_a_sim_for_a_member_gives_them_one_of_the_new_sims()
    {
        var org = await fixture.SeedOrganizationAsync();
        var admin = fixture.ClientFor(org.Admin);
        await SubscriptionAsync(org, 1);
        var subscriptionPath = $"/v1/subscriptions/sub_vs_{Tag(org)}";

        var bought = await (await admin.PostJsonAsync("/api/checkout/voice-addon", new { userId = org.Trainee.Id, priceId = BillingFixture.SingleSimPrice }))
            .ShouldHaveStatus(HttpStatusCode.OK);
        (bought.Int("quantity"), bought.Int("voiceSims"), bought.Id("assignedTo")).Should().Be((1, 1, org.Trainee.Id));
        var sims = await admin.GetJsonAsync("/api/billing/voice-sims");
        Counts(sims).Should().Be((1, 1, 0));
        Row(sims, org.Trainee.Id).GetProperty("voiceAiEnabled").GetBoolean().Should().BeTrue();

        // Without userId nobody is given one: the new SIM is free to assign.
        var more = await (await admin.PostJsonAsync("/api/checkout/voice-addon", new { priceId = BillingFixture.SingleSimPrice })).ShouldHaveStatus(HttpStatusCode.OK);
        (more.Int("voiceSims"), more.IsNull("assignedTo")).Should().Be((2, true));
        Counts(await admin.GetJsonAsync("/api/billing/voice-sims")).Should().Be((2, 1, 1));

        // A member of another organization, or a deactivated one: refused before anything is bought.
        var posts = Stripe.To(subscriptionPath).Count(r => r.Method == "POST");
        var other = await fixture.SeedOrganizationAsync("Other");
        await (await admin.PostJsonAsync("/api/checkout/voice-addon", new { userId = other.Trainee.Id, priceId = BillingFixture.SingleSimPrice }))
            .ShouldBeProblem(HttpStatusCode.NotFound);
        (await (await admin.PostJsonAsync("/api/checkout/voice-addon", new { userId = org.Deactivated.Id, priceId = BillingFixture.SingleSimPrice }))
            .ShouldBeProblem(HttpStatusCode.Conflict)).Str("detail").Should().Contain("deactivated");
        await (await admin.PostJsonAsync("/api/checkout/voice-addon", new { userId = Guid.Empty, priceId = BillingFixture.SingleSimPrice }))
            .ShouldBeValidationProblem("userId");
        Stripe.To(subscriptionPath).Count(r => r.Method == "POST").Should().Be(posts, "nothing was bought for them");
        (await fixture.WithDbAsync(db => db.Organizations.AsNoTracking().SingleAsync(o => o.Id == org.Id))).VoiceSims.Should().Be(2);
    }

    [Fact]
    public async Task Checkout_takes_the_specs_body_and_returns_only_to_the_apps_own_origin()
    {
        var org = await fixture.SeedOrganizationAsync();
        await fixture.WithDbAsync(db => db.Database.ExecuteSqlInterpolatedAsync($"UPDATE organizations SET plan = 'free' WHERE id = {org.Id}"));
        var admin = fixture.ClientFor(org.Admin);
        StripeRequest LastCheckout() => Stripe.To("/v1/checkout/sessions").Last(r => r.Form["client_reference_id"] == org.Id.ToString());

        var session = await (await admin.PostJsonAsync("/api/checkout/session", new
        {
            userId = org.Admin.Id,
            priceId = BillingFixture.StarterPrice,
            successUrl = "/billing/welcome?session={CHECKOUT_SESSION_ID}",
            cancelUrl = "https://APP.example.test/pricing#plans",
        })).ShouldHaveStatus(HttpStatusCode.OK);
        session.Str("sessionId").Should().StartWith("cs_test_");
        session.Str("url").Should().StartWith("https://checkout.stripe.com/");
        LastCheckout().Form.Should().Contain(new Dictionary<string, string>
        {
            // Resolved against NEXT_PUBLIC_APP_URL, with Stripe's placeholder left for Stripe to fill in.
            ["success_url"] = "https://app.example.test/billing/welcome?session={CHECKOUT_SESSION_ID}",
            ["cancel_url"] = "https://app.example.test/pricing#plans",
            ["metadata[user_id]"] = org.Admin.Id.ToString(),
            ["metadata[org_id]"] = org.Id.ToString(),
        });

        // Without them, the billing page as before.
        await (await admin.PostJsonAsync("/api/checkout/session", new { priceId = BillingFixture.StarterPrice })).ShouldHaveStatus(HttpStatusCode.OK);
        LastCheckout().Form.Should().Contain("success_url", "https://app.example.test/billing?success=true").And.NotContainKey("metadata[user_id]");

        var checkouts = Stripe.To("/v1/checkout/sessions").Count;
        foreach (var (field, url) in new[]
                 {
                     ("successUrl", "https://evil.example/billing"), ("successUrl", "//evil.example/billing"), ("cancelUrl", "javascript:alert(1)"),
                     ("successUrl", "https://app.example.test@evil.example/"), ("cancelUrl", "http://app.example.test/billing"), ("cancelUrl", "/\\evil.example"),
                 })
        {
            var body = new Dictionary<string, object> { ["priceId"] = BillingFixture.StarterPrice, [field] = url };
            var errors = await (await admin.PostJsonAsync("/api/checkout/session", body)).ShouldBeValidationProblem(field);
            errors.GetProperty(field)[0].GetString().Should().Contain("https://app.example.test", "the message names the origin allowed ({0})", url);
        }
        Stripe.To("/v1/checkout/sessions").Count.Should().Be(checkouts, "no session is made for a refused URL");

        var other = await fixture.SeedOrganizationAsync("Other");
        await (await admin.PostJsonAsync("/api/checkout/session", new { userId = other.Admin.Id, priceId = BillingFixture.StarterPrice }))
            .ShouldBeProblem(HttpStatusCode.NotFound);
    }
    private static string InvoiceEvent(SeededOrganization org, string type, string invoiceId, DateTimeOffset created) =>
        BillingFixture.Event($"evt_{type}_{invoiceId}_{created.ToUnixTimeMilliseconds()}", type, created, new JsonObject
        {
            ["id"] = invoiceId, ["object"] = "invoice", ["customer"] = "cus_vs_" + Tag(org), ["number"] = "INV-" + invoiceId[^4..],
            ["amount_paid"] = type == "invoice.payment_failed" ? 0 : 19900, ["amount_due"] = 19900, ["currency"] = "usd",
            ["period_start"] = created.AddMonths(-1).ToUnixTimeSeconds(), ["period_end"] = created.ToUnixTimeSeconds(),
            ["parent"] = new JsonObject
            {
                ["type"] = "subscription_details",
                ["subscription_details"] = new JsonObject { ["subscription"] = "sub_vs_" + Tag(org), ["metadata"] = new JsonObject { ["org_id"] = org.Id.ToString() } },
            },
        });

    /// <summary>The member's own answer to "may I use voice AI", from GET /api/me/flags.</summary>
    private async Task<bool> VoiceAiForAsync(SeededMember member) =>
        (await fixture.ClientFor(member).GetJsonAsync("/api/me/flags")).GetProperty("flags").EnumerateArray()
            .Single(f => f.Str("key") == "voice_ai_enabled").GetProperty("enabled").GetBoolean();

    [Fact]
    public async Task An_unpaid_invoice_pauses_voice_ai_for_the_sim_holders_and_the_paid_invoice_restores_it()
    {
        var org = await fixture.SeedOrganizationAsync();
        // An admin switched voice AI off for the loner themselves: billing leaves that setting alone.
        await fixture.WithDbAsync(db =>
        {
            db.FeatureFlagSettings.Add(new FeatureFlagSetting("voice_ai_enabled", FlagScope.User, org.Id, org.Loner.Id, false, org.Admin.Id.ToString(),
                FlagChangeSources.Admin, DateTimeOffset.UtcNow));
            return db.SaveChangesAsync();
        });
        var admin = fixture.ClientFor(org.Admin);
        await SubscriptionAsync(org, 1, (BillingFixture.BundlePrice, 1));
        foreach (var member in new[] { org.Trainee, org.Teammate, org.Loner })
            await (await SetSimAsync(admin, member.Id, true)).ShouldHaveStatus(HttpStatusCode.OK);
        (await VoiceAiForAsync(org.Trainee), await VoiceAiForAsync(org.Teammate), await VoiceAiForAsync(org.Loner)).Should().Be((true, true, false));

        var invoice = "in_vs_" + Tag(org);
        var t = DateTimeOffset.UtcNow;
        var failed = InvoiceEvent(org, "invoice.payment_failed", invoice, t);
        (await fixture.DeliverAsync(failed)).Should().Be("applied");

        var sims = await admin.GetJsonAsync("/api/billing/voice-sims");
        foreach (var member in new[] { org.Trainee, org.Teammate, org.Loner })
        {
            Row(sims, member.Id).GetProperty("voiceAddOnActive").GetBoolean().Should().BeTrue("the SIMs stay assigned");
            Row(sims, member.Id).GetProperty("voiceAiEnabled").GetBoolean().Should().BeFalse();
        }
        (await VoiceAiForAsync(org.Trainee)).Should().BeFalse("the member's own flags say so too");
        var changes = await fixture.WithDbAsync(db => db.FeatureFlagChanges.AsNoTracking().Where(c => c.OrgId == org.Id).OrderBy(c => c.ChangedAt).ToListAsync());
        changes.Should().HaveCount(2, "the loner's setting was off already");
        changes.Select(c => c.MemberId).Should().BeEquivalentTo([org.Trainee.Id, org.Teammate.Id]);
        var number = "INV-" + invoice[^4..];
        changes.Should().OnlyContain(c => c.Key == "voice_ai_enabled" && c.Scope == FlagScope.User && c.OldValue == null && c.NewValue == false
            && c.ChangedBy == "billing" && c.ChangedByName == "Billing" && c.Source == FlagChangeSources.Billing && c.Reason!.Contains(number));
        var paused = (await EmailsAsync(org.Id, EmailTemplateNames.VoiceAiPaused)).Should().ContainSingle().Which;
        (paused.ToAddress, paused.Subject).Should().Be((org.Admin.Email, "Voice AI paused for 2 members: a payment failed"));
        (await EmailsAsync(org.Id, EmailTemplateNames.FlagChanged)).Should().BeEmpty("billing sends its one summary, not an alert per member");

        // Stripe's retry of the same failure changes nothing.
        (await fixture.DeliverAsync(InvoiceEvent(org, "invoice.payment_failed", invoice, t.AddSeconds(1)))).Should().Be("applied");
        (await fixture.WithDbAsync(db => db.FeatureFlagChanges.CountAsync(c => c.OrgId == org.Id))).Should().Be(2);
        (await EmailsAsync(org.Id, EmailTemplateNames.VoiceAiPaused)).Should().HaveCount(1);

        // A SIM given during the pause is paused too: a new SIM does not bring voice AI back before the payment.
        await (await SetSimAsync(admin, org.Teammate.Id, false)).ShouldHaveStatus(HttpStatusCode.OK);
        var manager = await (await SetSimAsync(admin, org.Manager.Id, true)).ShouldHaveStatus(HttpStatusCode.OK);
        (manager.GetProperty("voiceAddOnActive").GetBoolean(), manager.GetProperty("voiceAiEnabled").GetBoolean()).Should().Be((true, false));

        (await fixture.DeliverAsync(InvoiceEvent(org, "invoice.payment_succeeded", invoice, t.AddSeconds(2)))).Should().Be("applied");

        sims = await admin.GetJsonAsync("/api/billing/voice-sims");
        Row(sims, org.Trainee.Id).GetProperty("voiceAiEnabled").GetBoolean().Should().BeTrue();
        Row(sims, org.Manager.Id).GetProperty("voiceAiEnabled").GetBoolean().Should().BeTrue();
        Row(sims, org.Teammate.Id).GetProperty("voiceAiEnabled").GetBoolean().Should().BeFalse("no SIM any more");
        Row(sims, org.Loner.Id).GetProperty("voiceAiEnabled").GetBoolean().Should().BeFalse("the admin's own setting stays");
        (await VoiceAiForAsync(org.Trainee)).Should().BeTrue();
        var settings = await fixture.WithDbAsync(db => db.FeatureFlagSettings.AsNoTracking().Where(s => s.OrgId == org.Id).ToListAsync());
        settings.Should().ContainSingle().Which.Source.Should().Be(FlagChangeSources.Admin);
        var cleared = await fixture.WithDbAsync(db => db.FeatureFlagChanges.AsNoTracking().Where(c => c.OrgId == org.Id && c.NewValue == null).ToListAsync());
        cleared.Select(c => c.MemberId).Should().BeEquivalentTo([org.Trainee.Id, org.Teammate.Id, org.Manager.Id]);
        cleared.Should().OnlyContain(c => c.OldValue == false && c.Source == FlagChangeSources.Billing && c.ChangedBy == "billing");
        (await EmailsAsync(org.Id, EmailTemplateNames.VoiceAiRestored)).Should().ContainSingle().Which.Subject.Should().Be("Voice AI restored for 3 members");

        // A late failure of the invoice paid since is stale: nothing is paused again.
        (await fixture.DeliverAsync(InvoiceEvent(org, "invoice.payment_failed", invoice, t.AddSeconds(3)))).Should().Be("stale");
        (await VoiceAiForAsync(org.Trainee)).Should().BeTrue();
    }

    [Fact]
    public async Task An_admins_on_for_a_member_is_paused_with_the_others_and_back_as_the_admins_once_paid()
    {
        var org = await fixture.SeedOrganizationAsync();
        var admin = fixture.ClientFor(org.Admin);
        await SubscriptionAsync(org, 1, (BillingFixture.BundlePrice, 1));
        foreach (var member in new[] { org.Trainee, org.Teammate })
            await (await SetSimAsync(admin, member.Id, true)).ShouldHaveStatus(HttpStatusCode.OK);
        // Voice AI is off for the organization, and on for the trainee alone: the admin's own choice.
        var flag = $"/api/admin/flags/{FlagKeys.VoiceAiEnabled}";
        await (await admin.PutJsonAsync(flag, new { scope = "organization", enabled = false })).ShouldHaveStatus(HttpStatusCode.OK);
        await (await admin.PutJsonAsync(flag, new { scope = "user", memberId = org.Trainee.Id, enabled = true })).ShouldHaveStatus(HttpStatusCode.OK);
        (await VoiceAiForAsync(org.Trainee), await VoiceAiForAsync(org.Teammate)).Should().Be((true, false));

        var invoice = "in_on_" + Tag(org);
        var t = DateTimeOffset.UtcNow;
        (await fixture.DeliverAsync(InvoiceEvent(org, "invoice.payment_failed", invoice, t))).Should().Be("applied");
        (await VoiceAiForAsync(org.Trainee)).Should().BeFalse("an unpaid invoice pauses voice AI whatever the admin had switched on");
        var setting = await TraineeSettingAsync();
        (setting.Enabled, setting.Source).Should().Be((false, FlagChangeSources.Billing));

        (await fixture.DeliverAsync(InvoiceEvent(org, "invoice.payment_succeeded", invoice, t.AddSeconds(1)))).Should().Be("applied");
        (await VoiceAiForAsync(org.Trainee), await VoiceAiForAsync(org.Teammate)).Should().Be((true, false));
        setting = await TraineeSettingAsync();
        (setting.Enabled, setting.Source, setting.SetBy).Should().Be((true, FlagChangeSources.Admin, org.Admin.Id.ToString()), "the admin's setting is back as theirs");
        var last = await fixture.WithDbAsync(db => db.FeatureFlagChanges.AsNoTracking()
            .Where(c => c.OrgId == org.Id && c.MemberId == org.Trainee.Id).OrderByDescending(c => c.ChangedAt).FirstAsync());
        (last.OldValue, last.NewValue, last.ChangedBy, last.Source).Should().Be((false, true, "billing", FlagChangeSources.Billing), "the audit says billing put it back");
        last.Reason.Should().Contain("is paid").And.Contain("from before the pause");
        (await fixture.WithDbAsync(db => db.FeatureFlagSettings.CountAsync(s => s.OrgId == org.Id && s.Source == FlagChangeSources.Billing)))
            .Should().Be(0, "billing keeps no setting of its own once paid");

        Task<FeatureFlagSetting> TraineeSettingAsync() => fixture.WithDbAsync(db => db.FeatureFlagSettings.AsNoTracking()
            .SingleAsync(s => s.Key == FlagKeys.VoiceAiEnabled && s.Scope == FlagScope.User && s.MemberId == org.Trainee.Id));
    }
}
