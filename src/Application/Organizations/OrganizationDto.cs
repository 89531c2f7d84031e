using VoiceTraining.Domain.Organizations;

namespace VoiceTraining.Application.Organizations;

/// <summary>The caller's organization.</summary>
public sealed record OrganizationDto
{
    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    /// <summary>The identity provider's organization id (Clerk "org_…").</summary>
    public string? ExternalId { get; init; }
    public string Plan { get; init; } = "";
    public SubscriptionStatus SubscriptionStatus { get; init; }
    public DateTimeOffset? CurrentPeriodEnd { get; init; }
    public int ActiveMemberCount { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
