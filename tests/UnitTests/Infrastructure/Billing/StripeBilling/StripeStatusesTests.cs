using VoiceTraining.Domain.Billing;
using VoiceTraining.Domain.Organizations;
using VoiceTraining.Infrastructure.Billing.StripeBilling;

namespace VoiceTraining.UnitTests.Infrastructure.Billing.StripeBilling;

/// <summary>Stripe's status strings become the product's subscription and payment-order statuses in the adapter.</summary>
public class StripeStatusesTests
{
    [Theory]
    [InlineData("active", SubscriptionStatus.Active)]
    [InlineData("trialing", SubscriptionStatus.Trialing)]
    [InlineData("past_due", SubscriptionStatus.PastDue)]
    [InlineData("unpaid", SubscriptionStatus.PastDue)]
    [InlineData("canceled", SubscriptionStatus.Canceled)]
    [InlineData("incomplete_expired", SubscriptionStatus.Canceled)]
    [InlineData("incomplete", SubscriptionStatus.None)]
    [InlineData(null, SubscriptionStatus.None)]
    public void A_subscription_status_reads_as_the_organizations(string? stripe, SubscriptionStatus expected) =>
        StripeStatuses.Subscription(stripe).Should().Be(expected);

    [Theory]
    [InlineData("requires_capture", PaymentOrderStatus.Authorized)]
    [InlineData("succeeded", PaymentOrderStatus.Captured)]
    [InlineData("canceled", PaymentOrderStatus.Canceled)]
    [InlineData("requires_payment_method", PaymentOrderStatus.AwaitingAuthorization)]
    [InlineData(null, PaymentOrderStatus.AwaitingAuthorization)]
    public void A_payment_intent_status_reads_as_the_orders(string? stripe, PaymentOrderStatus expected) =>
        StripeStatuses.Payment(stripe).Should().Be(expected);
}
