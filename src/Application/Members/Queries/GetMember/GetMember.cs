using AutoMapper;
using AutoMapper.QueryableExtensions;
using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;

namespace VoiceTraining.Application.Members.Queries.GetMember;

public sealed record GetMemberQuery(Guid Id) : IQuery<MemberDto>;

internal sealed class GetMemberQueryHandler(IApplicationDbContext db, IMapper mapper) : IRequestHandler<GetMemberQuery, MemberDto>
{
    public async Task<MemberDto> Handle(GetMemberQuery request, CancellationToken cancellationToken) =>
        await db.Members.Where(m => m.Id == request.Id).ProjectTo<MemberDto>(mapper.ConfigurationProvider)
            .SingleOrDefaultAsync(cancellationToken)
        ?? throw new NotFoundException("Member", request.Id);
}
