using VoiceTraining.Domain.Members;

namespace VoiceTraining.Application.Common.Interfaces;

/// <summary>The platform's ids for a token's organization and user.</summary>
public sealed record TenantMembership(Guid OrgId, Guid MemberId, MemberRole StoredRole, bool IsActive);

/// <summary>
/// Resolves the identity provider's organization and user ids to the platform's rows.
/// Called on every authenticated request, so implementations cache.
/// </summary>
public interface ITenantDirectory
{
    /// <param name="organization">The token's org claim: the provider's org id or the platform's org uuid.</param>
    /// <param name="externalUserId">The token's subject.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>Null when the organization or the member is unknown.</returns>
    Task<TenantMembership?> ResolveAsync(string organization, string externalUserId, CancellationToken cancellationToken);

    /// <summary>Forgets what is cached for a member (after a deactivation or a role change).</summary>
    void Invalidate(Guid memberId);
}
