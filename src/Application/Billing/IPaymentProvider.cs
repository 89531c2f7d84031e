using VoiceTraining.Domain.Billing;
using VoiceTraining.Domain.Organizations;

namespace VoiceTraining.Application.Billing;

/// <summary>One line of a subscription: which price, how many.</summary>
public sealed record SubscriptionLine(string ItemId, string PriceId, long Quantity);

/// <summary>A subscription as the payment provider reports it, its status read by the adapter.</summary>
public sealed record SubscriptionSnapshot(
    string Id, string CustomerId, SubscriptionStatus Status, IReadOnlyList<SubscriptionLine> Lines,
    DateTimeOffset? PeriodStart, DateTimeOffset? PeriodEnd, bool CancelAtPeriodEnd, Guid? OrgId);

/// <summary>
/// What a checkout page carries besides the price: where it returns to (absolute URLs already checked
/// to be on the product's origin, see <see cref="ReturnUrls"/>; null for the product's billing page)
/// and the member it is for.
/// </summary>
public sealed record CheckoutOptions(string? SuccessUrl = null, string? CancelUrl = null, Guid? MemberId = null)
{
    public static readonly CheckoutOptions Default = new();
}

/// <summary>A payment made for later capture: its id at the provider, where it stands, and what the web app needs to collect the card.</summary>
public sealed record PaymentAuthorization(string Id, PaymentOrderStatus Status, string? ClientSecret);

/// <summary>
/// The payment provider (Stripe) as the billing use cases need it, in their words: customers,
/// checkout, the billing portal, subscriptions and their lines, and payments that are authorized
/// first and captured or cancelled later. The adapter translates the provider's errors: card errors
/// become <c>PaymentRequiredException</c>, outages <c>UpstreamFailureException</c>, and every call
/// without keys <c>NotConfiguredException</c>.
/// </summary>
public interface IPaymentProvider
{
    /// <summary>Stripe's keys are set: its API can be called.</summary>
    bool IsConfigured { get; }

    /// <summary>
    /// A local stand-in answers instead (Development without Stripe keys): it sells voice AI SIMs on
    /// a local subscription and charges nothing; everything else answers 503 as without Stripe.
    /// </summary>
    bool IsLocal { get; }

    /// <summary>Makes the organization a customer of the provider; returns the customer's id.</summary>
    Task<string> CreateCustomerAsync(string email, string? name, Guid orgId, CancellationToken cancellationToken);

    /// <summary>A hosted checkout page for a subscription to the price; returns its id and URL.</summary>
    Task<(string SessionId, string Url)> CreateCheckoutAsync(string customerId, string priceId, int quantity, Guid orgId, CheckoutOptions options,
        CancellationToken cancellationToken);

    /// <summary>The provider's billing portal for the customer (payment methods, invoices, cancellation); returns its URL.</summary>
    Task<string> CreateBillingPortalAsync(string customerId, CancellationToken cancellationToken);

    Task<SubscriptionSnapshot> GetSubscriptionAsync(string subscriptionId, CancellationToken cancellationToken);

    /// <summary>Moves a subscription line to another price, prorated.</summary>
    Task<SubscriptionSnapshot> ChangeLinePriceAsync(string subscriptionId, string itemId, string priceId, CancellationToken cancellationToken);

    /// <summary>
    /// Sets how many of a price the subscription holds: adds the line (<paramref name="itemId"/> null)
    /// or changes its quantity, prorated and invoiced at once; a declined card leaves the subscription
    /// as it was (<c>PaymentRequiredException</c>).
    /// </summary>
    Task<SubscriptionSnapshot> SetLineQuantityAsync(string subscriptionId, string? itemId, string priceId, int quantity, CancellationToken cancellationToken);

    /// <summary>
    /// Lowers a line's quantity, or removes the line at 0. The unused rest of the period is credited
    /// on the next invoice; nothing is charged now, so no card is involved.
    /// </summary>
    Task<SubscriptionSnapshot> ReduceLineAsync(string subscriptionId, string itemId, int quantity, CancellationToken cancellationToken);

    /// <summary>Holds the amount on the customer's card without charging it yet.</summary>
    Task<PaymentAuthorization> AuthorizePaymentAsync(long amountCents, string currency, string customerId, Guid orgId, Guid orderId, CancellationToken cancellationToken);

    /// <summary>Charges an authorized payment; returns where the payment stands then.</summary>
    Task<PaymentOrderStatus> CapturePaymentAsync(string paymentId, CancellationToken cancellationToken);

    /// <summary>Releases an authorized payment without charging it; returns where the payment stands then.</summary>
    Task<PaymentOrderStatus> CancelAuthorizationAsync(string paymentId, CancellationToken cancellationToken);
}

/// <summary>Billing settings (section "Billing").</summary>
public sealed class BillingOptions
{
    /// <summary>How long a past-due organization keeps full access before it can only read.</summary>
    public TimeSpan PastDueGrace { get; set; } = TimeSpan.FromDays(7);
}
