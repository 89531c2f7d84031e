using VoiceTraining.Api.IntegrationTests.Infrastructure;

namespace VoiceTraining.Api.IntegrationTests.Fuzzing;

/// <summary>
/// The API with every provider configured (Stripe against <see cref="FakeStripe"/>, and the Clerk,
/// Mailgun and Vapi webhook secrets), so no operation answers "not configured" and the inbound
/// webhooks check signatures, as in production.
/// </summary>
public sealed class FuzzFixture : ApiFixture
{
    public FakeStripe Stripe { get; private set; } = null!;

    protected override void Configure(IDictionary<string, string?> settings)
    {
        settings["STRIPE_SECRET_KEY"] = FakeStripe.SecretKey;
        settings["STRIPE_API_BASE_URL"] = Stripe.BaseUrl;
        settings["STRIPE_WEBHOOK_SECRET"] = "whsec_fuzz_0123456789";
        settings["NEXT_PUBLIC_STRIPE_PRICE_STARTER"] = "price_starter_fuzz";
        settings["NEXT_PUBLIC_STRIPE_PRICE_PROFESSIONAL"] = "price_professional_fuzz";
        settings["NEXT_PUBLIC_STRIPE_PRICE_ENTERPRISE"] = "price_enterprise_fuzz";
        settings["VOICE_ADDON_SINGLE_SIM_PRICE_ID"] = "price_sim_single_fuzz";
        settings["VOICE_ADDON_BUNDLE_3_PRICE_ID"] = "price_sim_bundle3_fuzz";
        settings["CLERK_WEBHOOK_SECRET"] = "whsec_" + Convert.ToBase64String("fuzz-clerk-webhook-secret"u8.ToArray());
        settings["MAILGUN_WEBHOOK_SIGNING_KEY"] = "fuzz-mailgun-signing-key";
    }

    public override async Task InitializeAsync()
    {
        Stripe = await FakeStripe.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Stripe.DisposeAsync();
    }
}
