using MediatR;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Members.Queries.GetMember;

namespace VoiceTraining.Application.Members.Queries.GetCurrentMember;

/// <summary>The caller's own member record.</summary>
public sealed record GetCurrentMemberQuery : IQuery<MemberDto>;

internal sealed class GetCurrentMemberQueryHandler(ICurrentUser user, IMediator mediator) : IRequestHandler<GetCurrentMemberQuery, MemberDto>
{
    public Task<MemberDto> Handle(GetCurrentMemberQuery request, CancellationToken cancellationToken) =>
        mediator.Send(new GetMemberQuery(user.RequireMemberId()), cancellationToken);
}
