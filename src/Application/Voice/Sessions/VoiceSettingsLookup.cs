using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Domain.Voice;

namespace VoiceTraining.Application.Voice.Sessions;

/// <summary>
/// The voice settings that apply to an organization: its own row in voice_settings, else the global
/// default row. Platform sessions and Vapi calls both price and limit their minutes with these.
/// </summary>
public sealed class VoiceSettingsLookup(IApplicationDbContext db)
{
    public async Task<VoiceSettings> ForOrganizationAsync(Guid orgId, CancellationToken cancellationToken) =>
        (await EffectiveAsync(orgId, cancellationToken)).Settings;

    /// <summary>The settings and whether they are the organization's own (false: the global default).</summary>
    public async Task<(VoiceSettings Settings, bool Own)> EffectiveAsync(Guid orgId, CancellationToken cancellationToken)
    {
        // The organization's row sorts before the global one (false before true).
        var settings = await db.VoiceSettings.AsNoTracking()
                           .Where(v => v.OrgId == orgId || v.OrgId == null)
                           .OrderBy(v => v.OrgId == null)
                           .FirstOrDefaultAsync(cancellationToken)
                       ?? throw new InvalidOperationException("voice_settings has no global default row (org_id null); the migrations seed one.");
        return (settings, settings.OrgId == orgId);
    }
}
