using System.Net;
using Stripe;
using Microsoft.Extensions.Logging;
using VoiceTraining.Application.Billing;
using VoiceTraining.Application.Common.Exceptions;
using CheckoutSessionCreateOptions = Stripe.Checkout.SessionCreateOptions;
using CheckoutSessionService = Stripe.Checkout.SessionService;
using PortalSessionCreateOptions = Stripe.BillingPortal.SessionCreateOptions;
using PortalSessionService = Stripe.BillingPortal.SessionService;
using PaymentOrderStatus = VoiceTraining.Domain.Billing.PaymentOrderStatus;

namespace VoiceTraining.Infrastructure.Billing.StripeBilling;

/// <summary>
/// The billing port over Stripe.net's services: Stripe's objects become the application's records,
/// and Stripe's errors become the application's (card errors 402, Stripe down 502, no keys 503).
/// Every POST carries an Idempotency-Key: the caller's where the operation has a natural one (the
/// organization's customer, an order's authorization), otherwise a fresh one per call, so that the
/// retries of <see cref="StripeRetry"/> replay the call instead of repeating it.
/// </summary>
internal sealed partial class StripePaymentProvider(StripeSettings settings, IServiceProvider services, ILogger<StripePaymentProvider> logger) : IPaymentProvider
{
    public bool IsConfigured => settings.IsConfigured;

    public bool IsLocal => false;

    // Resolved per call: without keys the client is never needed.
    private IStripeClient Client => IsConfigured
        ? (IStripeClient)services.GetService(typeof(IStripeClient))!
        : throw new NotConfiguredException("Stripe is not configured on this installation (set STRIPE_SECRET_KEY); plans and usage still work.");

    public Task<string> CreateCustomerAsync(string email, string? name, Guid orgId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        return Call(async () => (await new CustomerService(Client).CreateAsync(new CustomerCreateOptions
        {
            Email = email,
            Name = name,
            Metadata = OrgMetadata(orgId),
        }, Idempotent($"customer-{orgId}"), cancellationToken)).Id);
    }

    /// <summary>
    /// A subscription Checkout session for one price (a plan or an add-on). The organization rides along
    /// as client_reference_id and metadata org_id, on the session and on the subscription it creates,
    /// and the member it is for as the session's metadata user_id; success and cancel return to the
    /// caller's URLs (checked to be on the product's origin) or to {NEXT_PUBLIC_APP_URL}/billing?success=true / ?canceled=true.
    /// </summary>
    public Task<(string SessionId, string Url)> CreateCheckoutAsync(string customerId, string priceId, int quantity, Guid orgId, CheckoutOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerId);
        ArgumentException.ThrowIfNullOrWhiteSpace(priceId);
        ArgumentOutOfRangeException.ThrowIfLessThan(quantity, 1);
        ArgumentNullException.ThrowIfNull(options);
        var metadata = OrgMetadata(orgId);
        if (options.MemberId is { } memberId) metadata["user_id"] = memberId.ToString("D");
        return Call(async () =>
        {
            var session = await new CheckoutSessionService(Client).CreateAsync(new CheckoutSessionCreateOptions
            {
                Customer = customerId,
                Mode = "subscription",
                LineItems = [new() { Price = priceId, Quantity = quantity }],
                ClientReferenceId = orgId.ToString("D"),
                Metadata = metadata,
                SubscriptionData = new() { Metadata = OrgMetadata(orgId) },
                SuccessUrl = options.SuccessUrl ?? settings.CheckoutSuccessUrl,
                CancelUrl = options.CancelUrl ?? settings.CheckoutCancelUrl,
            }, Idempotent(), cancellationToken);
            return (session.Id, session.Url ?? throw new UpstreamFailureException("stripe", "Stripe returned a checkout session without a URL."));
        });
    }

    /// <summary>A customer portal session that returns to {NEXT_PUBLIC_APP_URL}/billing.</summary>
    public Task<string> CreateBillingPortalAsync(string customerId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerId);
        return Call(async () => (await new PortalSessionService(Client).CreateAsync(new PortalSessionCreateOptions
        {
            Customer = customerId,
            ReturnUrl = settings.PortalReturnUrl,
        }, Idempotent(), cancellationToken)).Url);
    }

    public Task<SubscriptionSnapshot> GetSubscriptionAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subscriptionId);
        return Call(async () => StripeEventTranslator.ToSnapshot(
            await new SubscriptionService(Client).GetAsync(subscriptionId, requestOptions: null, cancellationToken: cancellationToken)));
    }

    /// <summary>Moves one item to another price with proration_behavior=create_prorations, so Stripe bills or credits the difference.</summary>
    public Task<SubscriptionSnapshot> ChangeLinePriceAsync(string subscriptionId, string itemId, string priceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subscriptionId);
        ArgumentException.ThrowIfNullOrWhiteSpace(itemId);
        ArgumentException.ThrowIfNullOrWhiteSpace(priceId);
        return Call(async () => StripeEventTranslator.ToSnapshot(await new SubscriptionService(Client).UpdateAsync(subscriptionId, new SubscriptionUpdateOptions
        {
            Items = [new() { Id = itemId, Price = priceId }],
            ProrationBehavior = "create_prorations",
        }, Idempotent(), cancellationToken)));
    }

    public Task<SubscriptionSnapshot> SetLineQuantityAsync(string subscriptionId, string? itemId, string priceId, int quantity, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subscriptionId);
        ArgumentException.ThrowIfNullOrWhiteSpace(priceId);
        ArgumentOutOfRangeException.ThrowIfLessThan(quantity, 1);
        return Call(async () => StripeEventTranslator.ToSnapshot(await new SubscriptionService(Client).UpdateAsync(subscriptionId, new SubscriptionUpdateOptions
        {
            Items = [itemId is null ? new() { Price = priceId, Quantity = quantity } : new() { Id = itemId, Quantity = quantity }],
            // Charged now for the rest of the period; a declined card fails the call and changes nothing.
            ProrationBehavior = "always_invoice",
            PaymentBehavior = "error_if_incomplete",
        }, Idempotent(), cancellationToken)));
    }

    public Task<SubscriptionSnapshot> ReduceLineAsync(string subscriptionId, string itemId, int quantity, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subscriptionId);
        ArgumentException.ThrowIfNullOrWhiteSpace(itemId);
        ArgumentOutOfRangeException.ThrowIfNegative(quantity);
        return Call(async () => StripeEventTranslator.ToSnapshot(await new SubscriptionService(Client).UpdateAsync(subscriptionId, new SubscriptionUpdateOptions
        {
            // items[0][deleted]=true takes the line off the subscription.
            Items = [quantity == 0 ? new() { Id = itemId, Deleted = true } : new() { Id = itemId, Quantity = quantity }],
            // A credit for the unused rest of the period, on the next invoice.
            ProrationBehavior = "create_prorations",
        }, Idempotent(), cancellationToken)));
    }

    /// <summary>
    /// An authorization only (capture_method=manual): the amount (in the currency's smallest unit) is
    /// held, then captured with <see cref="CapturePaymentAsync"/> on approval or released with <see cref="CancelAuthorizationAsync"/>.
    /// </summary>
    public Task<PaymentAuthorization> AuthorizePaymentAsync(long amountCents, string currency, string customerId, Guid orgId, Guid orderId, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(amountCents, 1);
        ArgumentException.ThrowIfNullOrWhiteSpace(currency);
        return Call(async () =>
        {
            var intent = await new PaymentIntentService(Client).CreateAsync(new PaymentIntentCreateOptions
            {
                Amount = amountCents,
                Currency = currency.ToLowerInvariant(),
                Customer = customerId,
                CaptureMethod = "manual",
                Metadata = new() { ["org_id"] = orgId.ToString(), ["order_id"] = orderId.ToString() },
            }, Idempotent($"order-{orderId}"), cancellationToken);
            return new PaymentAuthorization(intent.Id, StripeStatuses.Payment(intent.Status), intent.ClientSecret);
        });
    }

    /// <summary>The payment is a PaymentIntent: its id is the one <see cref="AuthorizePaymentAsync"/> returned.</summary>
    public Task<PaymentOrderStatus> CapturePaymentAsync(string paymentId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(paymentId);
        return Call(async () => StripeStatuses.Payment((await new PaymentIntentService(Client).CaptureAsync(paymentId, options: null, Idempotent($"capture-{paymentId}"), cancellationToken)).Status));
    }

    public Task<PaymentOrderStatus> CancelAuthorizationAsync(string paymentId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(paymentId);
        return Call(async () => StripeStatuses.Payment((await new PaymentIntentService(Client).CancelAsync(paymentId, options: null, Idempotent($"cancel-{paymentId}"), cancellationToken)).Status));
    }

    private static Dictionary<string, string> OrgMetadata(Guid orgId) => new(StringComparer.Ordinal) { ["org_id"] = orgId.ToString("D") };

    /// <summary>The caller's idempotency key, or a fresh one for this call (which every retry of it resends).</summary>
    private static RequestOptions Idempotent(string? key = null) => new() { IdempotencyKey = key ?? Guid.NewGuid().ToString("D") };

    /// <summary>Runs a Stripe call, translating its failures into the application's exceptions.</summary>
    private async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (StripeException ex) when (ex.StripeError?.Type == "card_error")
        {
            throw new PaymentRequiredException(MessageOf(ex), ex.StripeError.DeclineCode ?? ex.StripeError.Code);
        }
        catch (StripeException ex) when ((int)ex.HttpStatusCode >= 500 || ex.HttpStatusCode == HttpStatusCode.TooManyRequests)
        {
            throw new UpstreamFailureException("stripe", $"Stripe is not available right now ({(int)ex.HttpStatusCode}): {MessageOf(ex)}");
        }
        catch (StripeException ex) when (ex.HttpStatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new UpstreamFailureException("stripe", "Stripe refused this installation's API key; check STRIPE_SECRET_KEY.");
        }
        catch (StripeException ex) when ((int)ex.HttpStatusCode is >= 400 and < 500)
        {
            // An invalid request to Stripe (a bad price id, say): the caller's input or our configuration.
            throw new ConflictException($"Stripe refused the request: {MessageOf(ex)}{(ex.StripeError?.Param is { } param ? $" ({param})" : "")}");
        }
        catch (Exception ex) when (ex is StripeException or HttpRequestException or TaskCanceledException or Polly.Timeout.TimeoutRejectedException or System.Text.Json.JsonException)
        {
            // No answer, or one that is not Stripe's (a proxy's page, a cut-off body): the detail is for the log.
            LogUnreachable(logger, ex);
            throw new UpstreamFailureException("stripe", "Stripe could not be reached or gave an answer that is not Stripe's; try again shortly.");
        }
    }

    /// <summary>Stripe's message for the user; an answer without Stripe's error object (a proxy's page) is not quoted.</summary>
    private static string MessageOf(StripeException ex) =>
        ex.StripeError?.Message ?? $"Stripe answered {(int)ex.HttpStatusCode} without an error object.";

    [LoggerMessage(Level = LogLevel.Warning, Message = "A Stripe call got no usable answer")]
    private static partial void LogUnreachable(ILogger logger, Exception exception);
}
