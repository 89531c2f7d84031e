namespace VoiceTraining.Application.Billing;

/// <summary>One line of a subscription: which price, how many.</summary>
public sealed record SubscriptionLine(string ItemId, string PriceId, long Quantity);

/// <summary>A subscription as the payment provider reports it.</summary>
public sealed record SubscriptionSnapshot(
    string Id, string CustomerId, string Status, IReadOnlyList<SubscriptionLine> Lines,
    DateTimeOffset? PeriodStart, DateTimeOffset? PeriodEnd, bool CancelAtPeriodEnd, Guid? OrgId);

/// <summary>A payment authorized for later capture.</summary>
public sealed record PaymentAuthorization(string Id, string Status, string? ClientSecret);

/// <summary>
/// The payment provider (Stripe) as the billing use cases need it. The adapter translates the
/// provider's errors: card errors become <c>PaymentRequiredException</c>, outages
/// <c>UpstreamFailureException</c>, and every call without keys <c>NotConfiguredException</c>.
/// </summary>
public interface IPaymentProvider
{
    bool IsConfigured { get; }

    Task<string> CreateCustomerAsync(string email, string? name, Guid orgId, CancellationToken cancellationToken);

    /// <summary>A hosted checkout page for a subscription to the price; returns its id and URL.</summary>
    Task<(string SessionId, string Url)> CreateCheckoutAsync(string customerId, string priceId, int quantity, Guid orgId, CancellationToken cancellationToken);

    Task<string> CreatePortalAsync(string customerId, CancellationToken cancellationToken);

    Task<SubscriptionSnapshot> GetSubscriptionAsync(string subscriptionId, CancellationToken cancellationToken);

    /// <summary>Moves a subscription line to another price, prorated.</summary>
    Task<SubscriptionSnapshot> ChangeLinePriceAsync(string subscriptionId, string itemId, string priceId, CancellationToken cancellationToken);

    Task<PaymentAuthorization> AuthorizeAsync(long amountCents, string currency, string customerId, Guid orgId, Guid orderId, CancellationToken cancellationToken);

    Task<string> CaptureAsync(string paymentIntentId, CancellationToken cancellationToken);

    Task<string> CancelAuthorizationAsync(string paymentIntentId, CancellationToken cancellationToken);
}

/// <summary>Billing settings (section "Billing").</summary>
public sealed class BillingOptions
{
    /// <summary>How long a past-due organization keeps full access before it can only read.</summary>
    public TimeSpan PastDueGrace { get; set; } = TimeSpan.FromDays(7);
}
