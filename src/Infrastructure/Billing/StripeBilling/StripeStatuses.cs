using VoiceTraining.Domain.Billing;
using VoiceTraining.Domain.Organizations;

namespace VoiceTraining.Infrastructure.Billing.StripeBilling;

/// <summary>How Stripe's statuses of a subscription and of a payment intent read in the product's terms.</summary>
internal static class StripeStatuses
{
    public static SubscriptionStatus Subscription(string? status) => status switch
    {
        "active" => SubscriptionStatus.Active,
        "trialing" => SubscriptionStatus.Trialing,
        "past_due" or "unpaid" => SubscriptionStatus.PastDue,
        "canceled" or "incomplete_expired" => SubscriptionStatus.Canceled,
        _ => SubscriptionStatus.None,
    };

    /// <summary>A manual-capture payment intent: requires_capture is the authorization held on the card.</summary>
    public static PaymentOrderStatus Payment(string? status) => status switch
    {
        "requires_capture" => PaymentOrderStatus.Authorized,
        "succeeded" => PaymentOrderStatus.Captured,
        "canceled" => PaymentOrderStatus.Canceled,
        _ => PaymentOrderStatus.AwaitingAuthorization,
    };
}
