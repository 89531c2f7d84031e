using MediatR;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;

namespace VoiceTraining.Application.Flags.Queries.GetMyFlags;

/// <summary>Every flag's value for the caller: what the web app shows and hides.</summary>
public sealed record GetMyFlagsQuery : IQuery<MyFlagsDto>;

internal sealed class GetMyFlagsQueryHandler(ICurrentUser user, IFeatureFlags flags) : IRequestHandler<GetMyFlagsQuery, MyFlagsDto>
{
    public async Task<MyFlagsDto> Handle(GetMyFlagsQuery request, CancellationToken cancellationToken)
    {
        var all = await flags.EvaluateAllAsync(user.RequireOrgId(), user.RequireMemberId(), cancellationToken);
        return new MyFlagsDto([.. all.Select(FlagDto.From)]);
    }
}
