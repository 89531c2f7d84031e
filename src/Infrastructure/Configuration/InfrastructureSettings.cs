using VoiceTraining.Application.Billing;
using VoiceTraining.Application.Identity.Commands.ProcessIdentityEvent;
using VoiceTraining.Infrastructure.Billing;
using VoiceTraining.Infrastructure.Billing.StripeBilling;
using VoiceTraining.Infrastructure.Email;
using VoiceTraining.Infrastructure.Identity;
using VoiceTraining.Infrastructure.Recordings;
using VoiceTraining.Infrastructure.Vapi;
using VoiceTraining.Infrastructure.Webhooks.Outbound;

namespace VoiceTraining.Infrastructure.Configuration;

/// <summary>Where each of Infrastructure's settings classes is read from, and the validator it must pass at start.</summary>
public static class InfrastructureSettings
{
    public static SettingsBinding<StripeSettings> Stripe { get; } = new(section: null, new StripeSettingsValidator(), StripeSettings.ReadEnvironment);

    public static SettingsBinding<BillingOptions> Billing { get; } = new("Billing", new BillingOptionsValidator());

    /// <summary>ADMIN_ALERT_EMAIL and PLATFORM_OPERATOR_USER_IDS (flat names, no section).</summary>
    public static SettingsBinding<Application.Flags.FlagOptions> Flags { get; } = new(section: null, new Live.FlagOptionsValidator(), Live.FlagOptionsValidator.ReadEnvironment);

    public static SettingsBinding<VapiSettings> Vapi { get; } = new(section: null, new VapiSettingsValidator(), VapiSettings.ReadEnvironment);

    /// <summary>STORAGE_ROOT (the contract's name) wins over Recordings:Root.</summary>
    public static SettingsBinding<RecordingOptions> Recordings { get; } = new("Recordings", new RecordingOptionsValidator(),
        (options, configuration) => options.Root = configuration.First("STORAGE_ROOT") ?? options.Root);

    public static SettingsBinding<EmailSettings> Email { get; } = new("Email", new EmailSettingsValidator(), EmailSettings.ReadEnvironment);

    public static SettingsBinding<WebhookOptions> Webhooks { get; } = new("Webhooks", new WebhookOptionsValidator());

    public static SettingsBinding<IdentitySyncOptions> IdentitySync { get; } = new("IdentitySync", new IdentitySyncOptionsValidator());

    public static SettingsBinding<InboundWebhookSettings> InboundWebhooks { get; } = new(section: null, new InboundWebhookSettingsValidator(), InboundWebhookSettings.ReadEnvironment);

    /// <summary>The identity worker's intervals share section "IdentitySync".</summary>
    public static SettingsBinding<IdentityWorkerOptions> IdentityWorker { get; } = new("IdentitySync", new IdentityWorkerOptionsValidator());
}
