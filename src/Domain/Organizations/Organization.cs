using VoiceTraining.Domain.Common;

namespace VoiceTraining.Domain.Organizations;

public enum SubscriptionStatus
{
    None,
    Active,
    Trialing,
    PastDue,
    Canceled,
}

/// <summary>A customer: the tenant. Global (not filtered) since it is the tenant itself.</summary>
public sealed class Organization : Entity, IHasDomainEvents
{
    private readonly List<DomainEvent> _domainEvents = [];

    public IReadOnlyList<DomainEvent> DomainEvents => _domainEvents;

    public void ClearDomainEvents() => _domainEvents.Clear();

    public string Name { get; private set; } = "";
    /// <summary>The identity provider's organization id (Clerk "org_…"), when the org came from there.</summary>
    public string? ExternalId { get; private set; }
    public string Plan { get; private set; } = Plans.Free;
    /// <summary>The organization as a customer of the payment provider (Stripe "cus_…"), once it has become one.</summary>
    public string? BillingCustomerId { get; private set; }
    /// <summary>The payment provider's id of the current subscription (Stripe "sub_…"); null without one.</summary>
    public string? BillingSubscriptionId { get; private set; }
    public SubscriptionStatus SubscriptionStatus { get; private set; }
    public DateTimeOffset? CurrentPeriodEnd { get; private set; }
    public DateTimeOffset? CurrentPeriodStart { get; private set; }
    public bool CancelAtPeriodEnd { get; private set; }
    /// <summary>Voice AI SIMs bought as add-ons (single SIMs plus 3 per bundle).</summary>
    public int VoiceSims { get; private set; }
    /// <summary>The subscription's add-on lines as last taken from the payment provider: which add-on price, how many of it.</summary>
    public IReadOnlyList<VoiceAddOnLine> VoiceAddOnLines => _voiceAddOnLines ?? [];
    // Null for an organization whose subscription has not been applied since the lines were kept.
    private List<VoiceAddOnLine>? _voiceAddOnLines;
    /// <summary>Since when a payment has been failing; cleared by a paid invoice.</summary>
    public DateTimeOffset? PastDueSince { get; private set; }
    /// <summary>
    /// When the billing state was last set from the payment provider: the provider's event time.
    /// An older event arriving late must not overwrite a newer state.
    /// </summary>
    public DateTimeOffset? BillingSyncedAt { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    private Organization() { }

    public Organization(string name, string? externalId, DateTimeOffset now)
    {
        Rename(name);
        ExternalId = string.IsNullOrWhiteSpace(externalId) ? null : externalId.Trim();
        CreatedAt = now;
    }

    public void AttachBillingCustomer(string customerId)
    {
        if (string.IsNullOrWhiteSpace(customerId)) throw new DomainException("A billing customer id is required.");
        if (BillingCustomerId is not null && BillingCustomerId != customerId)
            throw new DomainException("This organization is already another customer of the payment provider.");
        BillingCustomerId = customerId;
    }

    /// <summary>True when the provider's event at <paramref name="eventAt"/> is older than the state already applied.</summary>
    public bool IsStale(DateTimeOffset eventAt) => BillingSyncedAt is { } synced && eventAt < synced;

    /// <summary>
    /// Takes the subscription's state from the payment provider. Ignored (false) when an newer
    /// state was already applied. A plan change raises <see cref="PlanChanged"/>.
    /// </summary>
    public bool ApplySubscription(string plan, SubscriptionStatus status, string subscriptionId, DateTimeOffset? periodStart,
        DateTimeOffset? periodEnd, bool cancelAtPeriodEnd, int voiceSims, IEnumerable<VoiceAddOnLine> addOnLines, DateTimeOffset eventAt, DateTimeOffset now)
    {
        if (IsStale(eventAt)) return false;
        BillingSyncedAt = eventAt;
        BillingSubscriptionId = subscriptionId;
        SubscriptionStatus = status;
        CurrentPeriodStart = periodStart;
        CurrentPeriodEnd = periodEnd;
        CancelAtPeriodEnd = cancelAtPeriodEnd;
        VoiceSims = Math.Max(0, voiceSims);
        _voiceAddOnLines = [.. addOnLines.Where(l => l.Quantity > 0).OrderBy(l => l.PriceId, StringComparer.Ordinal)];
        if (status == SubscriptionStatus.PastDue) PastDueSince ??= now;
        else if (status is SubscriptionStatus.Active or SubscriptionStatus.Trialing) PastDueSince = null;
        SetPlan(plan, now);
        return true;
    }

    /// <summary>The subscription ended: back to the free plan.</summary>
    public bool EndSubscription(string freePlan, DateTimeOffset eventAt, DateTimeOffset now)
    {
        if (IsStale(eventAt)) return false;
        BillingSyncedAt = eventAt;
        SubscriptionStatus = SubscriptionStatus.Canceled;
        BillingSubscriptionId = null;
        CurrentPeriodStart = null;
        CurrentPeriodEnd = null;
        CancelAtPeriodEnd = false;
        VoiceSims = 0;
        _voiceAddOnLines = [];
        PastDueSince = null;
        SetPlan(freePlan, now);
        return true;
    }

    /// <summary>A payment failed: past due from now (if not already), whatever the order of events.</summary>
    public void PaymentFailed(DateTimeOffset now)
    {
        SubscriptionStatus = SubscriptionStatus.PastDue;
        PastDueSince ??= now;
    }

    /// <summary>A payment went through: active again.</summary>
    public void PaymentSucceeded()
    {
        if (SubscriptionStatus is SubscriptionStatus.PastDue or SubscriptionStatus.None) SubscriptionStatus = SubscriptionStatus.Active;
        PastDueSince = null;
    }

    /// <summary>Sets the plan directly (sales-led contracts, seeding); raises <see cref="PlanChanged"/> on a change.</summary>
    public void SetPlan(string plan, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(plan)) throw new DomainException("A plan is required.");
        if (Plan == plan) return;
        var old = Plan;
        Plan = plan;
        _domainEvents.Add(new PlanChanged { OrgId = Id, OccurredAt = now, OldPlan = old, NewPlan = plan });
    }

    public void Rename(string name)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new DomainException("An organization needs a name.");
        Name = name.Trim();
    }
}

public static class Plans
{
    public const string Free = "free";
}

/// <summary>The organization's plan changed (upgrade, downgrade, or the subscription ended).</summary>
public sealed record PlanChanged : DomainEvent
{
    public override string Type => "billing.plan_changed";
    public string OldPlan { get; init; } = "";
    public string NewPlan { get; init; } = "";
}

/// <summary>One add-on line of the subscription: the add-on's price at the payment provider and how many of it are bought.</summary>
public sealed record VoiceAddOnLine(string PriceId, int Quantity);
