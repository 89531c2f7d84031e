using MediatR;
using VoiceTraining.Application.Billing.VoiceSims;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;

namespace VoiceTraining.Application.Billing.Queries.GetVoiceSims;

/// <summary>GET /api/billing/voice-sims: purchased, assigned and free SIMs, and every active member with theirs.</summary>
public sealed record GetVoiceSimsQuery : IQuery<VoiceSimsDto>;

internal sealed class GetVoiceSimsQueryHandler(VoiceSimReader reader, ICurrentUser user) : IRequestHandler<GetVoiceSimsQuery, VoiceSimsDto>
{
    public Task<VoiceSimsDto> Handle(GetVoiceSimsQuery request, CancellationToken cancellationToken) =>
        reader.OrganizationAsync(user.RequireOrgId(), cancellationToken);
}
