using VoiceTraining.Domain.Common;

namespace VoiceTraining.Domain.Billing;

public enum InvoiceStatus
{
    Paid,
    PaymentFailed,
}

/// <summary>An invoice the payment provider reported (paid or failed), kept for the billing page.</summary>
public sealed class Invoice : TenantEntity
{
    /// <summary>The payment provider's id of the invoice (Stripe "in_…").</summary>
    public string ProviderInvoiceId { get; private set; } = "";
    public string? Number { get; private set; }
    public long AmountCents { get; private set; }
    public string Currency { get; private set; } = "usd";
    public InvoiceStatus Status { get; private set; }
    public string? HostedInvoiceUrl { get; private set; }
    public DateTimeOffset? PeriodStart { get; private set; }
    public DateTimeOffset? PeriodEnd { get; private set; }

    private Invoice() { }

    public Invoice(Guid orgId, string providerInvoiceId, string? number, long amountCents, string currency, InvoiceStatus status,
        string? hostedInvoiceUrl, DateTimeOffset? periodStart, DateTimeOffset? periodEnd, DateTimeOffset now)
        : base(orgId, now)
    {
        ProviderInvoiceId = providerInvoiceId;
        Number = number;
        AmountCents = amountCents;
        Currency = currency;
        Status = status;
        HostedInvoiceUrl = hostedInvoiceUrl;
        PeriodStart = periodStart;
        PeriodEnd = periodEnd;
        Raise(status == InvoiceStatus.Paid
            ? new InvoicePaid { OrgId = orgId, OccurredAt = now, InvoiceId = Id, AmountCents = amountCents, Currency = currency }
            : new InvoicePaymentFailed { OrgId = orgId, OccurredAt = now, InvoiceId = Id, AmountCents = amountCents, Currency = currency });
    }

    /// <summary>A later event about the same invoice (a retry that succeeded, …).</summary>
    public void Update(InvoiceStatus status, long amountCents, string? hostedInvoiceUrl, DateTimeOffset now)
    {
        if (status == Status) return;
        Status = status;
        AmountCents = amountCents;
        HostedInvoiceUrl = hostedInvoiceUrl ?? HostedInvoiceUrl;
        Touch(now);
        Raise(status == InvoiceStatus.Paid
            ? new InvoicePaid { OrgId = OrgId, OccurredAt = now, InvoiceId = Id, AmountCents = amountCents, Currency = Currency }
            : new InvoicePaymentFailed { OrgId = OrgId, OccurredAt = now, InvoiceId = Id, AmountCents = amountCents, Currency = Currency });
    }
}

/// <summary>A payment went through; a receipt email is requested.</summary>
public sealed record InvoicePaid : DomainEvent
{
    public override string Type => "billing.invoice_paid";
    public Guid InvoiceId { get; init; }
    public long AmountCents { get; init; }
    public string Currency { get; init; } = "";
}

/// <summary>A payment failed; the organization's admins are told.</summary>
public sealed record InvoicePaymentFailed : DomainEvent
{
    public override string Type => "billing.invoice_payment_failed";
    public Guid InvoiceId { get; init; }
    public long AmountCents { get; init; }
    public string Currency { get; init; } = "";
}
