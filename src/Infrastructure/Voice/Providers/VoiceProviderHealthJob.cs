using System.Globalization;
using VoiceTraining.Infrastructure.Workers.Scheduling;

namespace VoiceTraining.Infrastructure.Voice.Providers;

/// <summary>
/// The periodic health check ("voice-provider-health", every VoiceProviders:HealthCheckInterval, once
/// across instances): probes each configured provider's status endpoint within the check timeout and
/// records the outcome in the shared health state.
/// </summary>
internal sealed class VoiceProviderHealthJob(IEnumerable<IHealthProbe> probes, VoiceProviderHealthStore store, VoiceProviderSettings settings) : IScheduledJob
{
    public string Name => "voice-provider-health";

    public TimeSpan Interval => settings.HealthCheckInterval;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var probe in probes)
        {
            string? error;
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(settings.HealthCheckTimeout);
            try
            {
                error = await probe.ProbeAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                error = string.Create(CultureInfo.InvariantCulture, $"no answer within {settings.HealthCheckTimeout.TotalSeconds:0.#} s");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                error = $"the check failed ({e.GetType().Name})";
            }
            await store.RecordCheckAsync(probe.Name, probe.Kind, error, cancellationToken);
        }
    }
}
