using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Domain.Members;

namespace VoiceTraining.Application.DevSignIn.Queries.GetDevSignInMembers;

/// <summary>
/// Every active member of every organization, for the local-mode sign-in page. Cross-tenant on
/// purpose: only reachable when the API runs in local mode (Development, no identity provider).
/// </summary>
public sealed record GetDevSignInMembersQuery(Guid? MemberId = null, string? Email = null) : IQuery<IReadOnlyList<DevSignInMemberDto>>;

internal sealed class GetDevSignInMembersQueryHandler(IApplicationDbContext db)
    : IRequestHandler<GetDevSignInMembersQuery, IReadOnlyList<DevSignInMemberDto>>
{
    public async Task<IReadOnlyList<DevSignInMemberDto>> Handle(GetDevSignInMembersQuery request, CancellationToken cancellationToken)
    {
        var members = db.Members.IgnoreQueryFilters().Where(m => m.Status == MemberStatus.Active);
        if (request.MemberId is { } id) members = members.Where(m => m.Id == id);
        if (!string.IsNullOrWhiteSpace(request.Email))
        {
            var email = Member.NormalizeEmail(request.Email);
            members = members.Where(m => m.Email == email);
        }
        return await (from m in members
                      join o in db.Organizations on m.OrgId equals o.Id
                      orderby o.Name, m.Role descending, m.Name
                      select new DevSignInMemberDto
                      {
                          MemberId = m.Id,
                          ExternalUserId = m.ExternalUserId,
                          Email = m.Email,
                          Name = m.Name,
                          Role = m.Role,
                          OrgId = o.Id,
                          OrgName = o.Name,
                          OrgClaim = o.ExternalId ?? o.Id.ToString(),
                      }).Take(200).ToListAsync(cancellationToken);
    }
}
