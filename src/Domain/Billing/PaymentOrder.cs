using VoiceTraining.Domain.Common;

namespace VoiceTraining.Domain.Billing;

public enum PaymentOrderStatus
{
    /// <summary>Created; the card has not been authorized yet.</summary>
    AwaitingAuthorization,
    /// <summary>The amount is held on the card, waiting for approval.</summary>
    Authorized,
    Captured,
    Canceled,
    Failed,
}

/// <summary>
/// An order that needs approval before it is charged (a custom scenario package, say): the card is
/// authorized first (a manual-capture payment), approving captures it, cancelling releases it.
/// The provider's webhooks keep the status in step.
/// </summary>
public sealed class PaymentOrder : TenantEntity
{
    public string Description { get; private set; } = "";
    public long AmountCents { get; private set; }
    public string Currency { get; private set; } = "usd";
    /// <summary>The payment provider's id of the authorized payment (a Stripe PaymentIntent, "pi_…"); empty until it is made.</summary>
    public string ProviderPaymentId { get; private set; } = "";
    public PaymentOrderStatus Status { get; private set; }
    public Guid RequestedById { get; private set; }
    public Guid? DecidedById { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public string? FailureReason { get; private set; }

    private PaymentOrder() { }

    public PaymentOrder(Guid orgId, string description, long amountCents, string currency, string providerPaymentId,
        PaymentOrderStatus status, Guid requestedById, DateTimeOffset now)
        : this(orgId, description, amountCents, currency, requestedById, now)
    {
        AttachPayment(providerPaymentId, status);
    }

    /// <summary>An order whose payment is created next, carrying this order's id in its metadata.</summary>
    public PaymentOrder(Guid orgId, string description, long amountCents, string currency, Guid requestedById, DateTimeOffset now)
        : base(orgId, now)
    {
        if (string.IsNullOrWhiteSpace(description)) throw new DomainException("An order needs a description.");
        if (amountCents <= 0) throw new DomainException("An order needs a positive amount.");
        Description = description.Trim();
        AmountCents = amountCents;
        Currency = currency;
        Status = PaymentOrderStatus.AwaitingAuthorization;
        RequestedById = requestedById;
    }

    public void AttachPayment(string providerPaymentId, PaymentOrderStatus status)
    {
        if (string.IsNullOrWhiteSpace(providerPaymentId)) throw new DomainException("The order's payment id is required.");
        ProviderPaymentId = providerPaymentId;
        Status = status;
    }

    public bool IsOpen => Status is PaymentOrderStatus.AwaitingAuthorization or PaymentOrderStatus.Authorized;

    public void EnsureCanDecide()
    {
        if (!IsOpen) throw new DomainException($"This order is already {Status.ToString().ToLowerInvariant()}.");
    }

    public void Decided(PaymentOrderStatus status, Guid memberId, DateTimeOffset now)
    {
        Status = status;
        DecidedById = memberId;
        DecidedAt = now;
        Touch(now);
    }

    /// <summary>From the provider's webhooks; a final state is never undone by a late event.</summary>
    public void Sync(PaymentOrderStatus status, string? failureReason, DateTimeOffset now)
    {
        if (Status is PaymentOrderStatus.Captured or PaymentOrderStatus.Canceled) return;
        if (Status == PaymentOrderStatus.Authorized && status == PaymentOrderStatus.AwaitingAuthorization) return;
        Status = status;
        FailureReason = failureReason ?? FailureReason;
        Touch(now);
    }
}
