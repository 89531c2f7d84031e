using Microsoft.Extensions.Diagnostics.HealthChecks;
using VoiceTraining.Application.Voice.Providers;

namespace VoiceTraining.Infrastructure.Voice.Providers;

/// <summary>
/// /readyz's word on the voice pipeline: Degraded (never Unhealthy: the instance serves everything
/// else, and a fallback may still carry voice) while a primary provider is not usable (unhealthy, or
/// its breaker open here) or some kind has no usable provider, and when local mode was chosen outside
/// Development. Healthy otherwise, with the chains.
/// </summary>
internal sealed class VoiceProvidersHealthCheck(IVoiceProviderRouter router, VoiceProviderChains chains, VoiceProviderSettings settings, bool development) : IHealthCheck
{
    public const string LocalModeDescription = "Voice providers are in local mode (VoiceProviders:Mode=local): sessions run on local stand-ins, not real speech providers.";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (settings.Mode == VoiceProviderMode.Off) return HealthCheckResult.Healthy("The voice pipeline is off (VoiceProviders:Mode=off).");
        if (settings.LocalModeChosen && !development) return HealthCheckResult.Degraded(LocalModeDescription);
        var states = await router.DescribeAsync(cancellationToken);
        var problems = new List<string>();
        foreach (var state in states.Where(s => s.Role == "primary" && !s.Usable))
            problems.Add($"{state.Name} ({VoiceProviderAlerts.KindLabel(state.Kind)}) is {(state.Breaker == BreakerState.Open ? "failing (circuit breaker open)" : $"unhealthy: {state.StatusReason}")}");
        foreach (var kind in states.GroupBy(s => s.Kind).Where(g => !g.Any(s => s.Usable)).Select(g => g.Key))
            problems.Add($"no {VoiceProviderAlerts.KindLabel(kind)} provider can serve");
        return problems.Count == 0
            ? HealthCheckResult.Healthy(chains.Describe())
            : HealthCheckResult.Degraded("Voice providers degraded: " + string.Join("; ", problems) + ".");
    }
}
