using System.Text.Json.Serialization;
using VoiceTraining.Application.Billing.Plans;
using VoiceTraining.Domain.Billing;
using VoiceTraining.Domain.Organizations;

namespace VoiceTraining.Application.Billing;

public sealed record EntitlementsDto(int? Seats, int? PublishedScenarios, int? VoiceMinutesPerMonth, IReadOnlyList<string> Features);

/// <summary>A plan of the catalogue. <c>priceId</c> is what checkout takes; null when it cannot be bought here.</summary>
public sealed record PlanDto(string Id, string Name, string? Description, bool IsDefault, long? AmountCents, string Currency, string Interval,
    bool Purchasable, string? PriceId, EntitlementsDto Entitlements)
{
    public static PlanDto From(Plan p) => new(p.Id, p.Name, p.Description, p.IsDefault, p.Price.AmountCents, p.Price.Currency,
        p.Price.Interval.ToString().ToLowerInvariant(), p.IsPurchasable, p.Price.PriceId,
        new EntitlementsDto(p.Entitlements.Seats, p.Entitlements.PublishedScenarios, p.Entitlements.VoiceMinutesPerMonth, [.. p.Entitlements.Features.Order()]));
}

public sealed record AddOnDto(string Id, string Name, string? Description, int Sims, long? AmountCents, string Currency, string Interval,
    bool Purchasable, string? PriceId, IReadOnlyList<string> AvailableOn)
{
    public static AddOnDto From(AddOn a) => new(a.Id, a.Name, a.Description, a.Sims, a.Price.AmountCents, a.Price.Currency,
        a.Price.Interval.ToString().ToLowerInvariant(), a.IsPurchasable, a.Price.PriceId, a.AvailableOn);
}

/// <summary>
/// The catalogue, and whether payments are set up on this installation: Stripe, or in local mode a
/// stand-in that sells voice AI SIMs (and nothing else) without charging.
/// </summary>
public sealed record PlansDto(IReadOnlyList<PlanDto> Plans, IReadOnlyList<AddOnDto> AddOns,
    [property: JsonPropertyName("stripeConfigured")] bool PaymentsConfigured, bool LocalPayments = false);

// Wire names that carry the payment provider's name (stripeConfigured, hasStripeCustomer, stripeInvoiceId,
// stripePaymentIntentId) keep it through [JsonPropertyName]: the API's clients read them so.

/// <summary>Used of allowed (null allowed: unlimited).</summary>
public sealed record UsageDto(decimal Used, int? Allowed);

public sealed record InvoiceDto(Guid Id, [property: JsonPropertyName("stripeInvoiceId")] string ProviderInvoiceId, string? Number, long AmountCents, string Currency, InvoiceStatus Status,
    string? HostedInvoiceUrl, DateTimeOffset? PeriodStart, DateTimeOffset? PeriodEnd, DateTimeOffset CreatedAt);

/// <summary>The organization's billing page.</summary>
public sealed record BillingSummaryDto
{
    public required PlanDto Plan { get; init; }
    public SubscriptionStatus Status { get; init; }
    public DateTimeOffset? CurrentPeriodStart { get; init; }
    public DateTimeOffset? CurrentPeriodEnd { get; init; }
    public bool CancelAtPeriodEnd { get; init; }
    public DateTimeOffset? PastDueSince { get; init; }
    /// <summary>When a past-due organization drops to read-only (past due + grace).</summary>
    public DateTimeOffset? ReadOnlyFrom { get; init; }
    public int VoiceSims { get; init; }
    [JsonPropertyName("stripeConfigured")]
    public bool PaymentsConfigured { get; init; }
    [JsonPropertyName("hasStripeCustomer")]
    public bool HasBillingCustomer { get; init; }
    public required UsageDto Seats { get; init; }
    public required UsageDto PublishedScenarios { get; init; }
    public required UsageDto VoiceMinutes { get; init; }
    public DateTimeOffset UsagePeriodStart { get; init; }
    public DateTimeOffset UsagePeriodEnd { get; init; }
    /// <summary>The cost of this period's voice usage, each minute at the price it was used at.</summary>
    public decimal VoiceCostUsd { get; init; }
    public required IReadOnlyList<InvoiceDto> Invoices { get; init; }
}

public sealed record CheckoutSessionDto(string SessionId, string Url);

public sealed record PortalSessionDto(string Url);

/// <summary>
/// An add-on bought onto the plan subscription: its price, how many the subscription now holds, the
/// organization's SIMs in all, and the member given one of them (the request's userId), if any.
/// </summary>
public sealed record VoiceAddOnPurchaseDto(string PriceId, int Quantity, int VoiceSims, Guid? AssignedTo = null);

public sealed record BillingPlanChangeDto(string Plan, SubscriptionStatus Status, DateTimeOffset? CurrentPeriodEnd);

public sealed record PaymentOrderDto(Guid Id, string Description, long AmountCents, string Currency, PaymentOrderStatus Status,
    [property: JsonPropertyName("stripePaymentIntentId")] string ProviderPaymentId, string? FailureReason, DateTimeOffset CreatedAt, DateTimeOffset? DecidedAt)
{
    public static PaymentOrderDto From(PaymentOrder o) =>
        new(o.Id, o.Description, o.AmountCents, o.Currency, o.Status, o.ProviderPaymentId, o.FailureReason, o.CreatedAt, o.DecidedAt);
}

/// <summary>A new order: <c>clientSecret</c> lets the web app collect and authorize the card (Stripe.js).</summary>
public sealed record PaymentOrderCreatedDto(PaymentOrderDto Order, string? ClientSecret);
