using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Domain.Voice;

namespace VoiceTraining.Application.Voice.Sessions.Commands.UpdateVoiceSettings;

/// <summary>
/// Sets the organization's own voice settings (admins), which then apply instead of the global
/// default: to sessions started from now on (a running session keeps the price and limits it
/// started with) and to Vapi calls.
/// </summary>
public sealed record UpdateVoiceSettingsCommand : ICommand<VoiceSettingsDto>, IVoiceSettingsValues
{
    /// <summary>US dollars per minute, 0–1000.</summary>
    public decimal PricePerMinute { get; init; }
    /// <summary>US dollars: a session whose running cost reaches it is ended (<c>cost_limit</c>).</summary>
    public decimal CircuitBreakerThreshold { get; init; }
    /// <summary>1–240: a session this long is ended (<c>duration_limit</c>).</summary>
    public int MaxSessionMinutes { get; init; }
}

public sealed class UpdateVoiceSettingsCommandValidator : FluentValidation.AbstractValidator<UpdateVoiceSettingsCommand>
{
    public UpdateVoiceSettingsCommandValidator() => this.AddVoiceSettingsRules();
}

internal sealed class UpdateVoiceSettingsCommandHandler(IApplicationDbContext db, ICurrentUser user, IRowLocks locks, VoiceSettingsLookup voiceSettings, TimeProvider clock)
    : IRequestHandler<UpdateVoiceSettingsCommand, VoiceSettingsDto>
{
    public async Task<VoiceSettingsDto> Handle(UpdateVoiceSettingsCommand request, CancellationToken cancellationToken)
    {
        var orgId = user.RequireOrgId();
        var now = clock.GetUtcNow();
        // Two first saves at once would both insert the organization's row (one per organization).
        await locks.LockOrganizationAsync(orgId, cancellationToken);
        var settings = await db.VoiceSettings.SingleOrDefaultAsync(v => v.OrgId == orgId, cancellationToken);
        if (settings is null)
            db.VoiceSettings.Add(settings = new VoiceSettings(orgId, request.PricePerMinute, request.CircuitBreakerThreshold, request.MaxSessionMinutes, now));
        else
            settings.Update(request.PricePerMinute, request.CircuitBreakerThreshold, request.MaxSessionMinutes, now);
        await db.SaveChangesAsync(cancellationToken);
        // Read back: the answer shows what is stored (numeric(12,4)), as GET does.
        return VoiceSettingsDto.From(await voiceSettings.ForOrganizationAsync(orgId, cancellationToken), VoiceSettingsSource.Organization);
    }
}
