using FluentValidation;
using VoiceTraining.Application.Common.Settings;

namespace VoiceTraining.Infrastructure.Webhooks.Outbound;

/// <summary>Checked at start: the dispatcher's timing, batch and concurrency caps.</summary>
public sealed class WebhookOptionsValidator : AbstractValidator<WebhookOptions>
{
    public WebhookOptionsValidator()
    {
        RuleFor(o => o.Timeout).Positive("Webhooks:Timeout");
        RuleFor(o => o.PollInterval).Positive("Webhooks:PollInterval");
        RuleFor(o => o.Lease).Positive("Webhooks:Lease");
        // A lease that ends while its attempt may still run lets a second dispatcher send the same delivery.
        RuleFor(o => o.Lease).GreaterThan(o => o.Timeout).When(o => o.Timeout > TimeSpan.Zero)
            .WithMessage(o => $"Webhooks:Lease must be longer than Webhooks:Timeout ({o.Timeout}), not {o.Lease}.");
        RuleFor(o => o.BatchSize).AtLeast(1, "Webhooks:BatchSize");
        RuleFor(o => o.MaxConcurrency).AtLeast(1, "Webhooks:MaxConcurrency");
        RuleFor(o => o.MaxConcurrencyPerEndpoint).AtLeast(1, "Webhooks:MaxConcurrencyPerEndpoint");
        RuleFor(o => o.OverdueScanInterval).Positive("Webhooks:OverdueScanInterval");
    }
}
