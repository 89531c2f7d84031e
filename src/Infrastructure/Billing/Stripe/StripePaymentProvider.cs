using System.Net;
using System.Text.Json;
using VoiceTraining.Application.Billing;
using VoiceTraining.Application.Common.Exceptions;

namespace VoiceTraining.Infrastructure.Billing.Stripe;

/// <summary>
/// The billing port over <see cref="StripeClient"/>: Stripe's objects become the application's
/// records, and Stripe's errors become the application's (card errors 402, Stripe down 502, no keys 503).
/// </summary>
internal sealed class StripePaymentProvider(StripeSettings settings, IServiceProvider services) : IPaymentProvider
{
    public bool IsConfigured => settings.IsConfigured;

    // Resolved per call: without keys the typed client is never needed.
    private StripeClient Client => IsConfigured
        ? (StripeClient)services.GetService(typeof(StripeClient))!
        : throw new NotConfiguredException("Stripe is not configured on this installation (set STRIPE_SECRET_KEY); plans and usage still work.");

    public Task<string> CreateCustomerAsync(string email, string? name, Guid orgId, CancellationToken cancellationToken) =>
        Call(async () => (await Client.CreateCustomerAsync(email, name, orgId, idempotencyKey: $"customer-{orgId}", cancellationToken: cancellationToken)).Id);

    public Task<(string SessionId, string Url)> CreateCheckoutAsync(string customerId, string priceId, int quantity, Guid orgId, CancellationToken cancellationToken) =>
        Call(async () =>
        {
            var session = await Client.CreateCheckoutSessionAsync(customerId, priceId, quantity, orgId, cancellationToken: cancellationToken);
            return (session.Id, session.Url ?? throw new UpstreamFailureException("stripe", "Stripe returned a checkout session without a URL."));
        });

    public Task<string> CreatePortalAsync(string customerId, CancellationToken cancellationToken) =>
        Call(async () => (await Client.CreateBillingPortalSessionAsync(customerId, cancellationToken: cancellationToken)).Url);

    public Task<SubscriptionSnapshot> GetSubscriptionAsync(string subscriptionId, CancellationToken cancellationToken) =>
        Call(async () => ToSnapshot(await Client.RetrieveSubscriptionAsync(subscriptionId, cancellationToken)));

    public Task<SubscriptionSnapshot> ChangeLinePriceAsync(string subscriptionId, string itemId, string priceId, CancellationToken cancellationToken) =>
        Call(async () => ToSnapshot(await Client.UpdateSubscriptionItemsAsync(subscriptionId, [new SubscriptionItemChange(itemId, priceId)], cancellationToken: cancellationToken)));

    public Task<PaymentAuthorization> AuthorizeAsync(long amountCents, string currency, string customerId, Guid orgId, Guid orderId, CancellationToken cancellationToken) =>
        Call(async () =>
        {
            var intent = await Client.CreatePaymentIntentAsync(amountCents, currency, customerId,
                new Dictionary<string, string> { ["org_id"] = orgId.ToString(), ["order_id"] = orderId.ToString() },
                idempotencyKey: $"order-{orderId}", cancellationToken: cancellationToken);
            return new PaymentAuthorization(intent.Id, intent.Status, intent.ClientSecret);
        });

    public Task<string> CaptureAsync(string paymentIntentId, CancellationToken cancellationToken) =>
        Call(async () => (await Client.CapturePaymentIntentAsync(paymentIntentId, idempotencyKey: $"capture-{paymentIntentId}", cancellationToken: cancellationToken)).Status);

    public Task<string> CancelAuthorizationAsync(string paymentIntentId, CancellationToken cancellationToken) =>
        Call(async () => (await Client.CancelPaymentIntentAsync(paymentIntentId, idempotencyKey: $"cancel-{paymentIntentId}", cancellationToken: cancellationToken)).Status);

    internal static SubscriptionSnapshot ToSnapshot(StripeSubscription s) => new(
        s.Id, s.Customer ?? "", s.Status,
        [.. s.Items.Data.Select(i => new SubscriptionLine(i.Id, i.Price.Id, i.Quantity ?? 1))],
        s.CurrentPeriodStart, s.PeriodEnd, s.CancelAtPeriodEnd,
        s.Metadata is not null && s.Metadata.TryGetValue("org_id", out var org) && Guid.TryParse(org, out var orgId) ? orgId : null);

    /// <summary>Runs a Stripe call, translating its failures into the application's exceptions.</summary>
    private static async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (StripeApiException ex) when (ex.IsCardError)
        {
            throw new PaymentRequiredException(ex.Message, ex.DeclineCode ?? ex.Code);
        }
        catch (StripeApiException ex) when ((int)ex.Status >= 500 || ex.Status == HttpStatusCode.TooManyRequests)
        {
            throw new UpstreamFailureException("stripe", $"Stripe is not available right now ({(int)ex.Status}): {ex.Message}");
        }
        catch (StripeApiException ex) when (ex.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new UpstreamFailureException("stripe", "Stripe refused this installation's API key; check STRIPE_SECRET_KEY.");
        }
        catch (StripeApiException ex)
        {
            // An invalid request to Stripe (a bad price id, say): the caller's input or our configuration.
            throw new ConflictException($"Stripe refused the request: {ex.Message}{(ex.Param is null ? "" : $" ({ex.Param})")}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or Polly.Timeout.TimeoutRejectedException or JsonException)
        {
            throw new UpstreamFailureException("stripe", $"Stripe could not be reached: {ex.Message}");
        }
    }
}

/// <summary>Turns a verified Stripe event into the application's <see cref="BillingEvent"/>.</summary>
public static class StripeEventTranslator
{
    /// <summary>Throws <see cref="FormatException"/> (or <see cref="JsonException"/>) when the object lacks what its type needs.</summary>
    public static BillingEvent Translate(StripeEvent e)
    {
        var o = e.Object;
        var billing = new BillingEvent(e.Id, e.Type, e.Created)
        {
            CustomerId = Str(o, "customer"),
            OrgId = OrgFrom(o),
        };
        return e.ObjectType switch
        {
            "checkout.session" => billing with { SubscriptionId = Str(o, "subscription") },
            "subscription" => billing with
            {
                Subscription = StripePaymentProvider.ToSnapshot(e.ObjectAs<StripeSubscription>() ?? throw new FormatException("The subscription is empty.")),
            },
            "invoice" => billing with
            {
                Invoice = new InvoiceInfo(Str(o, "id") ?? throw new FormatException("The invoice has no id."), Str(o, "number"), Long(o, "amount_paid") is > 0 and var paid ? paid : Long(o, "amount_due") ?? 0,
                    Str(o, "currency") ?? "usd", Str(o, "hosted_invoice_url"), Time(o, "period_start"), Time(o, "period_end"), Str(o, "subscription")),
                OrgId = billing.OrgId ?? OrgFrom(o, "subscription_details"),
            },
            "payment_intent" => billing with
            {
                PaymentIntent = new PaymentIntentInfo(Str(o, "id") ?? throw new FormatException("The payment intent has no id."), Str(o, "status") ?? "",
                    o.TryGetProperty("last_payment_error", out var err) && err.ValueKind == JsonValueKind.Object ? Str(err, "message") : null),
            },
            _ => billing,
        };
    }

    private static Guid? OrgFrom(JsonElement o, string? container = null)
    {
        var source = o;
        if (container is not null && (!o.TryGetProperty(container, out source) || source.ValueKind != JsonValueKind.Object)) return null;
        if (source.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
            && Guid.TryParse(Str(metadata, "org_id"), out var fromMetadata)) return fromMetadata;
        return Guid.TryParse(Str(source, "client_reference_id"), out var reference) ? reference : null;
    }

    private static string? Str(JsonElement o, string name) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static long? Long(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;

    private static DateTimeOffset? Time(JsonElement o, string name) => Long(o, name) is { } s ? DateTimeOffset.FromUnixTimeSeconds(s) : null;
}
