using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace VoiceTraining.Infrastructure.Billing.Stripe;

/// <summary>
/// The Stripe calls the product makes, over HttpClient (Stripe.net is not available: docs/adr/0003).
/// Every request carries the secret key as a bearer token and the pinned Stripe-Version; every POST
/// carries an Idempotency-Key (the caller's, or a fresh one per call) that retries resend unchanged.
/// Bodies are form-encoded with Stripe's bracket keys (<see cref="StripeFormEncoder"/>). An error
/// answer becomes a <see cref="StripeApiException"/>.
/// </summary>
public sealed class StripeClient(HttpClient http, StripeSettings settings)
{
    /// <summary>Creates the customer of an organization (metadata org_id).</summary>
    public Task<StripeCustomer> CreateCustomerAsync(string email, string? name, Guid orgId, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        return PostAsync<StripeCustomer>("v1/customers", new Dictionary<string, object?>
        {
            ["email"] = email,
            ["name"] = name,
            ["metadata"] = OrgMetadata(orgId),
        }, idempotencyKey, cancellationToken);
    }

    /// <summary>
    /// A subscription Checkout session for one price (a plan or an add-on). The organization rides along
    /// as client_reference_id and metadata org_id, on the session and on the subscription it creates;
    /// success and cancel return to {NEXT_PUBLIC_APP_URL}/billing?success=true / ?canceled=true.
    /// </summary>
    public Task<StripeCheckoutSession> CreateCheckoutSessionAsync(string customerId, string priceId, int quantity, Guid orgId, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerId);
        ArgumentException.ThrowIfNullOrWhiteSpace(priceId);
        ArgumentOutOfRangeException.ThrowIfLessThan(quantity, 1);
        return PostAsync<StripeCheckoutSession>("v1/checkout/sessions", new Dictionary<string, object?>
        {
            ["customer"] = customerId,
            ["mode"] = "subscription",
            ["line_items"] = new[] { new Dictionary<string, object?> { ["price"] = priceId, ["quantity"] = quantity } },
            ["client_reference_id"] = orgId.ToString("D"),
            ["metadata"] = OrgMetadata(orgId),
            ["subscription_data"] = new Dictionary<string, object?> { ["metadata"] = OrgMetadata(orgId) },
            ["success_url"] = settings.CheckoutSuccessUrl,
            ["cancel_url"] = settings.CheckoutCancelUrl,
        }, idempotencyKey, cancellationToken);
    }

    /// <summary>A customer portal session that returns to {NEXT_PUBLIC_APP_URL}/billing.</summary>
    public Task<StripeBillingPortalSession> CreateBillingPortalSessionAsync(string customerId, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerId);
        return PostAsync<StripeBillingPortalSession>("v1/billing_portal/sessions", new Dictionary<string, object?>
        {
            ["customer"] = customerId,
            ["return_url"] = settings.PortalReturnUrl,
        }, idempotencyKey, cancellationToken);
    }

    public Task<StripeSubscription> RetrieveSubscriptionAsync(string subscriptionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subscriptionId);
        return SendAsync<StripeSubscription>(HttpMethod.Get, $"v1/subscriptions/{Uri.EscapeDataString(subscriptionId)}", null, null, cancellationToken);
    }

    /// <summary>
    /// Changes a subscription's items (upgrade, downgrade, quantity, add or remove an add-on) with
    /// proration_behavior=create_prorations, so Stripe bills or credits the difference.
    /// </summary>
    public Task<StripeSubscription> UpdateSubscriptionItemsAsync(string subscriptionId, IReadOnlyList<SubscriptionItemChange> changes, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subscriptionId);
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0) throw new ArgumentException("There is nothing to change.", nameof(changes));
        var items = changes.Select(change =>
        {
            if (change.ItemId is null && (change.PriceId is null || change.Deleted))
                throw new ArgumentException("A new item needs a price (and cannot be deleted).", nameof(changes));
            if (change.Quantity < 1) throw new ArgumentException("A quantity must be at least 1 (delete the item instead).", nameof(changes));
            return new Dictionary<string, object?>
            {
                ["id"] = change.ItemId,
                ["price"] = change.PriceId,
                ["quantity"] = change.Quantity,
                ["deleted"] = change.Deleted ? true : null,
            };
        }).ToList();
        return PostAsync<StripeSubscription>($"v1/subscriptions/{Uri.EscapeDataString(subscriptionId)}", new Dictionary<string, object?>
        {
            ["items"] = items,
            ["proration_behavior"] = "create_prorations",
        }, idempotencyKey, cancellationToken);
    }

    /// <summary>
    /// An authorization only (capture_method=manual): the amount is held, then captured with
    /// <see cref="CapturePaymentIntentAsync"/> (e.g. on approval) or released with <see cref="CancelPaymentIntentAsync"/>.
    /// The amount is in the currency's smallest unit (cents).
    /// </summary>
    public Task<StripePaymentIntent> CreatePaymentIntentAsync(long amount, string currency, string? customerId, IReadOnlyDictionary<string, string>? metadata, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(amount, 1);
        ArgumentException.ThrowIfNullOrWhiteSpace(currency);
        return PostAsync<StripePaymentIntent>("v1/payment_intents", new Dictionary<string, object?>
        {
            ["amount"] = amount,
            ["currency"] = currency.ToLowerInvariant(),
            ["customer"] = customerId,
            ["capture_method"] = "manual",
            ["metadata"] = metadata,
        }, idempotencyKey, cancellationToken);
    }

    public Task<StripePaymentIntent> CapturePaymentIntentAsync(string paymentIntentId, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(paymentIntentId);
        return PostAsync<StripePaymentIntent>($"v1/payment_intents/{Uri.EscapeDataString(paymentIntentId)}/capture", [], idempotencyKey, cancellationToken);
    }

    public Task<StripePaymentIntent> CancelPaymentIntentAsync(string paymentIntentId, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(paymentIntentId);
        return PostAsync<StripePaymentIntent>($"v1/payment_intents/{Uri.EscapeDataString(paymentIntentId)}/cancel", [], idempotencyKey, cancellationToken);
    }

    private static Dictionary<string, string> OrgMetadata(Guid orgId) => new(StringComparer.Ordinal) { ["org_id"] = orgId.ToString("D") };

    private Task<T> PostAsync<T>(string path, Dictionary<string, object?> parameters, string? idempotencyKey, CancellationToken cancellationToken) =>
        SendAsync<T>(HttpMethod.Post, path, StripeFormEncoder.Encode(parameters), idempotencyKey ?? Guid.NewGuid().ToString("D"), cancellationToken);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, string? form, string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (!settings.IsConfigured) throw new InvalidOperationException("Stripe is not configured: set STRIPE_SECRET_KEY.");

        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.SecretKey);
        request.Headers.Add("Stripe-Version", StripeSettings.ApiVersion);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        if (form is not null)
        {
            // The body is ASCII after percent-encoding; no charset parameter is needed.
            request.Content = new ByteArrayContent(Encoding.ASCII.GetBytes(form));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        }

        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var requestId = response.Headers.TryGetValues("Request-Id", out var ids) ? ids.FirstOrDefault() : null;
            throw StripeApiException.FromResponse(response.StatusCode, body, requestId);
        }
        return await response.Content.ReadFromJsonAsync<T>(StripeJson.Options, cancellationToken)
            ?? throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"Stripe answered {method} {path} with an empty body."));
    }
}
