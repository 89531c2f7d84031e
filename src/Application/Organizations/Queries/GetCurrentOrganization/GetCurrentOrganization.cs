using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Domain.Members;

namespace VoiceTraining.Application.Organizations.Queries.GetCurrentOrganization;

public sealed record GetCurrentOrganizationQuery : IQuery<OrganizationDto>;

internal sealed class GetCurrentOrganizationQueryHandler(IApplicationDbContext db, ICurrentUser user)
    : IRequestHandler<GetCurrentOrganizationQuery, OrganizationDto>
{
    public async Task<OrganizationDto> Handle(GetCurrentOrganizationQuery request, CancellationToken cancellationToken)
    {
        var orgId = user.RequireOrgId();
        // Organizations is the tenant table itself: filter by the caller's org explicitly.
        return await db.Organizations.Where(o => o.Id == orgId)
                   .Select(o => new OrganizationDto
                   {
                       Id = o.Id,
                       Name = o.Name,
                       ExternalId = o.ExternalId,
                       Plan = o.Plan,
                       SubscriptionStatus = o.SubscriptionStatus,
                       CurrentPeriodEnd = o.CurrentPeriodEnd,
                       ActiveMemberCount = db.Members.Count(m => m.Status == MemberStatus.Active),
                       CreatedAt = o.CreatedAt,
                   })
                   .SingleOrDefaultAsync(cancellationToken)
               ?? throw new NotFoundException("Organization", orgId);
    }
}
