using System.Text.Json;
using System.Text.Json.Serialization;

namespace VoiceTraining.Infrastructure.Billing.Stripe;

// The parts of Stripe's objects the product reads (API version StripeSettings.ApiVersion).
// Fields are snake_case on the wire; times are Unix seconds.

public sealed record StripeCustomer(string Id, string? Email, string? Name, IReadOnlyDictionary<string, string>? Metadata);

public sealed record StripeCheckoutSession(
    string Id,
    string? Url,
    string? Customer,
    string? Subscription,
    string? ClientReferenceId,
    string? Mode,
    string? Status,
    string? PaymentStatus,
    IReadOnlyDictionary<string, string>? Metadata);

public sealed record StripeBillingPortalSession(string Id, string Url, string? Customer, string? ReturnUrl);

public sealed record StripeList<T>(IReadOnlyList<T> Data, bool HasMore);

public sealed record StripeRecurring(string Interval, int IntervalCount);

public sealed record StripePrice(string Id, string? Product, long? UnitAmount, string? Currency, StripeRecurring? Recurring, string? LookupKey);

/// <summary>An item of a subscription. <see cref="CurrentPeriodEnd"/> is only on items in API versions after ours.</summary>
public sealed record StripeSubscriptionItem(string Id, StripePrice Price, long? Quantity, DateTimeOffset? CurrentPeriodEnd);

public sealed record StripeSubscription(
    string Id,
    string? Customer,
    string Status,
    DateTimeOffset? CurrentPeriodStart,
    DateTimeOffset? CurrentPeriodEnd,
    bool CancelAtPeriodEnd,
    StripeList<StripeSubscriptionItem> Items,
    IReadOnlyDictionary<string, string>? Metadata)
{
    /// <summary>The end of the current period: the subscription's, or else the latest of its items' (newer API versions).</summary>
    public DateTimeOffset? PeriodEnd => CurrentPeriodEnd ?? Items.Data.Max(i => i.CurrentPeriodEnd);
}

public sealed record StripePaymentIntent(
    string Id,
    long Amount,
    string Currency,
    string Status,
    string? Customer,
    string? CaptureMethod,
    long? AmountCapturable,
    long? AmountReceived,
    string? ClientSecret,
    IReadOnlyDictionary<string, string>? Metadata);

/// <summary>
/// One change to a subscription's items: an existing item (<see cref="ItemId"/>) gets a new price
/// and/or quantity or is removed (<see cref="Deleted"/>); without an item id, the price is added.
/// </summary>
public sealed record SubscriptionItemChange(string? ItemId, string? PriceId = null, long? Quantity = null, bool Deleted = false);

public static class StripeJson
{
    /// <summary>snake_case names and Unix-second times, as Stripe writes them.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new UnixTimeConverter() },
    };

    private sealed class UnixTimeConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64());

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteNumberValue(value.ToUnixTimeSeconds());
    }
}
