using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;

namespace VoiceTraining.Application.Voice.Sessions.Commands.ResetVoiceSettings;

/// <summary>Drops the organization's own voice settings (admins): the global default applies again. Answers the settings now in force.</summary>
public sealed record ResetVoiceSettingsCommand : ICommand<VoiceSettingsDto>;

internal sealed class ResetVoiceSettingsCommandHandler(IApplicationDbContext db, ICurrentUser user, VoiceSettingsLookup voiceSettings)
    : IRequestHandler<ResetVoiceSettingsCommand, VoiceSettingsDto>
{
    public async Task<VoiceSettingsDto> Handle(ResetVoiceSettingsCommand request, CancellationToken cancellationToken)
    {
        var orgId = user.RequireOrgId();
        if (await db.VoiceSettings.SingleOrDefaultAsync(v => v.OrgId == orgId, cancellationToken) is { } own)
        {
            db.VoiceSettings.Remove(own);
            await db.SaveChangesAsync(cancellationToken);
        }
        var (settings, isOwn) = await voiceSettings.EffectiveAsync(orgId, cancellationToken);
        return VoiceSettingsDto.From(settings, isOwn ? VoiceSettingsSource.Organization : VoiceSettingsSource.Global);
    }
}
