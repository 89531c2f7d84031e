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
public sealed class Organization : Entity
{
    public string Name { get; private set; } = "";
    /// <summary>The identity provider's organization id (Clerk "org_…"), when the org came from there.</summary>
    public string? ExternalId { get; private set; }
    public string Plan { get; private set; } = Plans.Free;
    public string? StripeCustomerId { get; private set; }
    public string? StripeSubscriptionId { get; private set; }
    public SubscriptionStatus SubscriptionStatus { get; private set; }
    public DateTimeOffset? CurrentPeriodEnd { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    private Organization() { }

    public Organization(string name, string? externalId, DateTimeOffset now)
    {
        Rename(name);
        ExternalId = string.IsNullOrWhiteSpace(externalId) ? null : externalId.Trim();
        CreatedAt = now;
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
