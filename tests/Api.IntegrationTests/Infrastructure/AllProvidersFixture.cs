using VoiceTraining.Api.IntegrationTests.Billing;
using VoiceTraining.Api.IntegrationTests.Identity;

namespace VoiceTraining.Api.IntegrationTests.Infrastructure;

/// <summary>
/// The API with every provider it can run without configured: Stripe against <see cref="FakeStripe"/>,
/// the Clerk and Mailgun webhook secrets (Vapi's is set for every fixture), and the voice
/// pipeline on its local stand-ins. No operation then
/// answers "not configured", and the inbound webhooks check signatures as in production: what the
/// suites that walk every operation (the fuzzer, the authorization matrix) need.
/// </summary>
public class AllProvidersFixture : ApiFixture
{
    public FakeStripe Stripe { get; private set; } = null!;

    protected override void Configure(IDictionary<string, string?> settings)
    {
        BillingFixture.ConfigureStripe(settings, Stripe);
        settings["CLERK_WEBHOOK_SECRET"] = IdentityFixture.ClerkSecret;
        settings["MAILGUN_WEBHOOK_SIGNING_KEY"] = IdentityFixture.MailgunSigningKey;
        // Voice turns run on the local stand-ins.
        settings["VoiceProviders:Mode"] = "local";
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
