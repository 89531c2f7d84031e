using FluentValidation;
using VoiceTraining.Application.Common.Settings;

namespace VoiceTraining.Infrastructure.Recordings;

/// <summary>Checked at start: where recordings go and how the download worker paces itself.</summary>
public sealed class RecordingOptionsValidator : AbstractValidator<RecordingOptions>
{
    public RecordingOptionsValidator()
    {
        RuleFor(o => o.Root).Required("STORAGE_ROOT");
        RuleFor(o => o.MaxBytes).AtLeast(1, "Recordings:MaxBytes");
        RuleFor(o => o.PollInterval).Positive("Recordings:PollInterval");
        RuleFor(o => o.Lease).Positive("Recordings:Lease");
        RuleFor(o => o.BatchSize).AtLeast(1, "Recordings:BatchSize");
        RuleFor(o => o.MaxConcurrency).AtLeast(1, "Recordings:MaxConcurrency");
    }
}
