using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Primitives;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Domain.Members;
using VoiceTraining.Infrastructure.Data;

namespace VoiceTraining.Infrastructure.Identity;

/// <summary>
/// Resolves a token's org and subject to the platform's rows, with a short in-memory cache: the
/// lookup sits on every request's path. Changes made through this instance evict at once; those
/// made elsewhere (another API instance) are seen within <see cref="Ttl"/>.
/// </summary>
internal sealed class TenantDirectory(ApplicationDbContext db, IMemoryCache cache) : ITenantDirectory
{
    internal static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);

    public async Task<TenantMembership?> ResolveAsync(string organization, string externalUserId, CancellationToken cancellationToken)
    {
        var key = (nameof(TenantDirectory), organization, externalUserId);
        if (cache.TryGetValue(key, out TenantMembership? cached)) return cached;

        var orgIsUuid = Guid.TryParse(organization, out var orgUuid);
        var membership = await (
                from o in db.Organizations
                where o.ExternalId == organization || (orgIsUuid && o.Id == orgUuid)
                join m in db.Members.IgnoreQueryFilters() on o.Id equals m.OrgId
                where m.ExternalUserId == externalUserId
                select new TenantMembership(o.Id, m.Id, m.Role, m.Status == MemberStatus.Active))
            .AsNoTracking()
            .FirstOrDefaultAsync(cancellationToken);

        using var entry = cache.CreateEntry(key);
        entry.Value = membership;
        entry.AbsoluteExpirationRelativeToNow = Ttl;
        if (membership is not null) entry.AddExpirationToken(new CancellationChangeToken(EvictionFor(membership.MemberId).Token));
        return membership;
    }

    public void Invalidate(Guid memberId)
    {
        if (cache.TryGetValue((nameof(Invalidate), memberId), out CancellationTokenSource? cts) && cts is not null)
        {
            cache.Remove((nameof(Invalidate), memberId));
            cts.Cancel();
            cts.Dispose();
        }
    }

    private CancellationTokenSource EvictionFor(Guid memberId) =>
        cache.GetOrCreate((nameof(Invalidate), memberId), e =>
        {
            e.SlidingExpiration = Ttl * 4;
            return new CancellationTokenSource();
        })!;
}
