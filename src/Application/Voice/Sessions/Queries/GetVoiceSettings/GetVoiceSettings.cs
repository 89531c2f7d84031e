using MediatR;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;

namespace VoiceTraining.Application.Voice.Sessions.Queries.GetVoiceSettings;

/// <summary>The voice settings in force for the caller's organization, and whether they are its own or the global default.</summary>
public sealed record GetVoiceSettingsQuery : IQuery<VoiceSettingsDto>;

internal sealed class GetVoiceSettingsQueryHandler(ICurrentUser user, VoiceSettingsLookup voiceSettings)
    : IRequestHandler<GetVoiceSettingsQuery, VoiceSettingsDto>
{
    public async Task<VoiceSettingsDto> Handle(GetVoiceSettingsQuery request, CancellationToken cancellationToken)
    {
        var (settings, own) = await voiceSettings.EffectiveAsync(user.RequireOrgId(), cancellationToken);
        return VoiceSettingsDto.From(settings, own ? VoiceSettingsSource.Organization : VoiceSettingsSource.Global);
    }
}
