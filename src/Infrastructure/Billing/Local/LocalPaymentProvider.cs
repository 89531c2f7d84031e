using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Billing;
using VoiceTraining.Application.Billing.Plans;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Domain.Billing;
using VoiceTraining.Domain.Organizations;

namespace VoiceTraining.Infrastructure.Billing.Local;

/// <summary>
/// Whether billing runs against <see cref="LocalPaymentProvider"/>: in Development with no Stripe
/// secret key, as voice and email have local modes of their own.
/// </summary>
public sealed record LocalPayments(bool Enabled)
{
    /// <summary>The price id a catalogue item without one gets in local mode.</summary>
    public static string PriceIdFor(string itemId) => $"price_local_{itemId}";

    /// <summary>An organization's plan subscription at the local stand-in.</summary>
    public static string SubscriptionIdFor(Guid orgId) => $"sub_local_{orgId:N}";

    /// <summary>The local subscription's period: the calendar month (UTC), renewed without charge.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) PeriodAt(DateTimeOffset now)
    {
        var start = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        return (start, start.AddMonths(1));
    }

    /// <summary>The catalogue with a local price id for every add-on that has none, so SIMs can be bought locally. Plans keep theirs: there is no local checkout page.</summary>
    public static PlanCatalogue WithLocalAddOnPrices(PlanCatalogue catalogue) => new(catalogue.Plans,
        [.. catalogue.AddOns.Select(a => a.Price.PriceId is null ? a with { Price = a.Price with { PriceId = PriceIdFor(a.Id) } } : a)], "config/plans.yaml with local add-on prices");
}

/// <summary>
/// A stand-in for Stripe's subscriptions in local mode, so that voice AI SIMs can be bought and
/// assigned without an account: it sells add-on lines on an organization's local plan subscription
/// (<see cref="LocalPayments.SubscriptionIdFor"/>) and charges nothing. It keeps no state of its own:
/// the subscription it reports is read from the organization's saved SIMs (as lines of the smallest
/// add-on that makes up the count), renewed every calendar month, so it survives restarts and is
/// always what the billing page shows. Checkout, the portal, plan changes and orders need Stripe's pages
/// and answer 503 as before.
/// </summary>
internal sealed class LocalPaymentProvider(IApplicationDbContext db, PlanCatalogue catalogue, TimeProvider clock) : IPaymentProvider
{
    private const string Prefix = "sub_local_";
    private const string ItemPrefix = "si_local_";
    private const string NotHere = "Stripe is not configured on this installation (set STRIPE_SECRET_KEY); in local mode only voice AI SIMs are sold, by a local stand-in that charges nothing.";

    /// <summary>Stripe is not: the calls that need it keep answering 503.</summary>
    public bool IsConfigured => false;

    public bool IsLocal => true;

    public Task<string> CreateCustomerAsync(string email, string? name, Guid orgId, CancellationToken cancellationToken) => throw new NotConfiguredException(NotHere);

    public Task<(string SessionId, string Url)> CreateCheckoutAsync(string customerId, string priceId, int quantity, Guid orgId, CheckoutOptions options,
        CancellationToken cancellationToken) => throw new NotConfiguredException(NotHere);

    public Task<string> CreateBillingPortalAsync(string customerId, CancellationToken cancellationToken) => throw new NotConfiguredException(NotHere);

    public Task<SubscriptionSnapshot> ChangeLinePriceAsync(string subscriptionId, string itemId, string priceId, CancellationToken cancellationToken) =>
        throw new NotConfiguredException(NotHere);

    public Task<PaymentAuthorization> AuthorizePaymentAsync(long amountCents, string currency, string customerId, Guid orgId, Guid orderId,
        CancellationToken cancellationToken) => throw new NotConfiguredException(NotHere);

    public Task<PaymentOrderStatus> CapturePaymentAsync(string paymentId, CancellationToken cancellationToken) => throw new NotConfiguredException(NotHere);

    public Task<PaymentOrderStatus> CancelAuthorizationAsync(string paymentId, CancellationToken cancellationToken) => throw new NotConfiguredException(NotHere);

    public async Task<SubscriptionSnapshot> GetSubscriptionAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        var (subscription, _) = await ReadAsync(subscriptionId, cancellationToken);
        return subscription;
    }

    /// <summary>Sets the add-on line to <paramref name="quantity"/> (adding it when new); the caller saves the SIM count it implies.</summary>
    public async Task<SubscriptionSnapshot> SetLineQuantityAsync(string subscriptionId, string? itemId, string priceId, int quantity, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quantity, 1);
        if (catalogue.FindAddOnByPriceId(priceId) is null)
            throw new ConflictException($"The local stand-in sells voice AI add-ons only; {priceId} is not one.");
        var (subscription, lines) = await ReadAsync(subscriptionId, cancellationToken);
        lines[priceId] = quantity;
        return subscription with { Lines = Lines(lines) };
    }

    /// <summary>Lowers or removes the add-on line; the item ids of the stand-in name their price.</summary>
    public async Task<SubscriptionSnapshot> ReduceLineAsync(string subscriptionId, string itemId, int quantity, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(quantity);
        var (subscription, lines) = await ReadAsync(subscriptionId, cancellationToken);
        var priceId = itemId.StartsWith(ItemPrefix, StringComparison.Ordinal) ? itemId[ItemPrefix.Length..] : "";
        if (!lines.ContainsKey(priceId)) throw new ConflictException($"The local stand-in's subscription has no line {itemId}.");
        lines[priceId] = quantity;
        return subscription with { Lines = Lines(lines) };
    }

    private async Task<(SubscriptionSnapshot Subscription, Dictionary<string, long> Lines)> ReadAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        if (!subscriptionId.StartsWith(Prefix, StringComparison.Ordinal) || !Guid.TryParseExact(subscriptionId[Prefix.Length..], "N", out var orgId))
            throw new ConflictException($"The local stand-in has no subscription {subscriptionId}.");
        var org = await db.Organizations.AsNoTracking().Where(o => o.Id == orgId && o.BillingSubscriptionId == subscriptionId)
                      .SingleOrDefaultAsync(cancellationToken)
                  ?? throw new ConflictException($"The local stand-in has no subscription {subscriptionId}.");
        // The lines it last returned, as saved; for a count saved before lines were kept, lines of the
        // smallest add-on that makes it up (single SIMs in the built-in catalogue).
        var lines = org.VoiceAddOnLines.ToDictionary(l => l.PriceId, l => (long)l.Quantity, StringComparer.Ordinal);
        if (lines.Count == 0 && org.VoiceSims > 0 && catalogue.AddOns.OrderBy(a => a.Sims).FirstOrDefault(a => a.Sims > 0 && org.VoiceSims % a.Sims == 0) is { } unit)
            lines[unit.Price.PriceId!] = org.VoiceSims / unit.Sims;
        var (start, end) = LocalPayments.PeriodAt(clock.GetUtcNow());
        var subscription = new SubscriptionSnapshot(subscriptionId, $"cus_local_{orgId:N}", SubscriptionStatus.Active, Lines(lines),
            start, end, CancelAtPeriodEnd: false, orgId);
        return (subscription, lines);
    }

    private static List<SubscriptionLine> Lines(Dictionary<string, long> lines) =>
        [.. lines.Where(l => l.Value > 0).Select(l => new SubscriptionLine(ItemPrefix + l.Key, l.Key, l.Value))];
}
