using MediatR;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;

namespace VoiceTraining.Application.Voice.Sessions.Commands.UpdateGlobalVoiceSettings;

/// <summary>
/// Sets the global default voice settings (platform operators only): they apply to every
/// organization without its own row, to sessions started from now on and to Vapi calls.
/// </summary>
public sealed record UpdateGlobalVoiceSettingsCommand : ICommand<VoiceSettingsDto>, IVoiceSettingsValues
{
    /// <summary>US dollars per minute, 0–1000.</summary>
    public decimal PricePerMinute { get; init; }
    /// <summary>US dollars: a session whose running cost reaches it is ended (<c>cost_limit</c>).</summary>
    public decimal CircuitBreakerThreshold { get; init; }
    /// <summary>1–240: a session this long is ended (<c>duration_limit</c>).</summary>
    public int MaxSessionMinutes { get; init; }
}

public sealed class UpdateGlobalVoiceSettingsCommandValidator : FluentValidation.AbstractValidator<UpdateGlobalVoiceSettingsCommand>
{
    public UpdateGlobalVoiceSettingsCommandValidator() => this.AddVoiceSettingsRules();
}

internal sealed class UpdateGlobalVoiceSettingsCommandHandler(IApplicationDbContext db, ICurrentUser user, TimeProvider clock)
    : IRequestHandler<UpdateGlobalVoiceSettingsCommand, VoiceSettingsDto>
{
    public async Task<VoiceSettingsDto> Handle(UpdateGlobalVoiceSettingsCommand request, CancellationToken cancellationToken)
    {
        user.RequirePlatformOperator();
        var global = await db.VoiceSettings.SingleOrDefaultAsync(v => v.OrgId == null, cancellationToken)
                     ?? throw new InvalidOperationException("voice_settings has no global default row (org_id null); the migrations seed one.");
        global.Update(request.PricePerMinute, request.CircuitBreakerThreshold, request.MaxSessionMinutes, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        var stored = await db.VoiceSettings.AsNoTracking().SingleAsync(v => v.OrgId == null, cancellationToken);
        return VoiceSettingsDto.From(stored, VoiceSettingsSource.Global);
    }
}
