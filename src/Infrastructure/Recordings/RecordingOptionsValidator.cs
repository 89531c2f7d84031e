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
        RuleFor(o => o.AllowedHosts).Must(hosts => RecordingUrlPolicy.ParseHosts(hosts).Length > 0)
            .WithMessage("Recordings:AllowedHosts must name at least one host (e.g. storage.vapi.ai).");
        RuleForEach(o => RecordingUrlPolicy.ParseHosts(o.AllowedHosts)).Must(IsHostPattern).OverridePropertyName("AllowedHosts")
            .WithMessage((_, entry) => $"Recordings:AllowedHosts entries must be a host name, an address, *.domain or *, not '{entry}'.");
    }

    private static bool IsHostPattern(string entry) =>
        entry == "*" || Uri.CheckHostName(entry.StartsWith("*.", StringComparison.Ordinal) ? entry[2..] : entry) != UriHostNameType.Unknown;
}
