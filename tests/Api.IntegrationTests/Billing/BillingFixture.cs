using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using VoiceTraining.Api.IntegrationTests.Infrastructure;

namespace VoiceTraining.Api.IntegrationTests.Billing;

/// <summary>The API with Stripe configured against <see cref="FakeStripe"/>, and Stripe's webhook signing.</summary>
public sealed class BillingFixture : ApiFixture
{
    public const string WebhookSecret = "whsec_test_billing_0123456789";
    public const string StarterPrice = "price_starter_test";
    public const string ProfessionalPrice = "price_professional_test";
    public const string EnterprisePrice = "price_enterprise_test";
    public const string SingleSimPrice = "price_sim_single_test";
    public const string BundlePrice = "price_sim_bundle3_test";

    public FakeStripe Stripe { get; private set; } = null!;

    protected override void Configure(IDictionary<string, string?> settings) => ConfigureStripe(settings, Stripe);

    /// <summary>Stripe pointed at the fake, with this fixture's webhook secret and prices.</summary>
    public static void ConfigureStripe(IDictionary<string, string?> settings, FakeStripe stripe)
    {
        settings["STRIPE_SECRET_KEY"] = FakeStripe.SecretKey;
        settings["STRIPE_API_BASE_URL"] = stripe.BaseUrl;
        settings["STRIPE_WEBHOOK_SECRET"] = WebhookSecret;
        settings["NEXT_PUBLIC_STRIPE_PRICE_STARTER"] = StarterPrice;
        settings["NEXT_PUBLIC_STRIPE_PRICE_PROFESSIONAL"] = ProfessionalPrice;
        settings["NEXT_PUBLIC_STRIPE_PRICE_ENTERPRISE"] = EnterprisePrice;
        settings["VOICE_ADDON_SINGLE_SIM_PRICE_ID"] = SingleSimPrice;
        settings["VOICE_ADDON_BUNDLE_3_PRICE_ID"] = BundlePrice;
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

    /// <summary>Stripe's scheme, written from its documentation: t and v1 = hex HMAC-SHA256 of "t.body" keyed with the whole whsec_ string.</summary>
    public static string Sign(string body, DateTimeOffset at, string secret = WebhookSecret)
    {
        var t = at.ToUnixTimeSeconds();
        var v1 = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{body}")));
        return $"t={t},v1={v1}";
    }

    public static string Event(string id, string type, DateTimeOffset created, JsonObject data) => new JsonObject
    {
        ["id"] = id,
        ["object"] = "event",
        ["type"] = type,
        ["created"] = created.ToUnixTimeSeconds(),
        ["livemode"] = false,
        ["api_version"] = FakeStripe.ApiVersion,
        ["data"] = new JsonObject { ["object"] = data },
    }.ToJsonString();

    public async Task<HttpResponseMessage> PostStripeAsync(string body, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/stripe") { Content = ClientHttp.RawJson(body) };
        if (signature is not null) request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
        return await Anonymous().SendAsync(request);
    }

    public async Task<string> DeliverAsync(string body)
    {
        using var response = await PostStripeAsync(body, Sign(body, DateTimeOffset.UtcNow));
        return (await response.ShouldHaveStatus(HttpStatusCode.OK)).Str("outcome");
    }
}
