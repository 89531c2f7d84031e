using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace VoiceTraining.Infrastructure.Email;

/// <summary>
/// /readyz's word on email: Degraded when local mode was chosen outside Development (emails are
/// recorded, not sent). Degraded, not Unhealthy: the instance serves every request and /readyz
/// stays 200, so a load balancer keeps it in rotation, while the answer still says what is off.
/// In Development local mode is the default and nothing to report.
/// </summary>
public sealed class EmailModeHealthCheck(EmailSettings settings, bool development) : IHealthCheck
{
    public const string LocalModeDescription = "Email is in local mode (Email:Provider=local): emails are recorded, not sent.";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(settings.IsLocal && !development
            ? HealthCheckResult.Degraded(LocalModeDescription)
            : HealthCheckResult.Healthy(settings.Describe()));
}
