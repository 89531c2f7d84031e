using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Refit;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Email;
using VoiceTraining.Application.Email.Digests;
using VoiceTraining.Infrastructure.Configuration;
using VoiceTraining.Infrastructure.Data;
using VoiceTraining.Infrastructure.Email.Mailgun;
using VoiceTraining.Infrastructure.Email.Resend;
using VoiceTraining.Infrastructure.Workers.Queues;
using VoiceTraining.Infrastructure.Workers.Scheduling;

namespace VoiceTraining.Infrastructure.Email;

public static class EmailServiceCollectionExtensions
{
    /// <summary>
    /// Email: <see cref="EmailSettings"/> and the provider they choose (Resend or Mailgun as a Refit
    /// client with its resilience handler, Resend's also rate-limited; or the local recorder), the
    /// outbox's job on the background engine (its claims under the daily cap, the send job, a
    /// queue worker hosted when workers run) and the digest scheduler,
    /// unsubscribe tokens and attempt reply addresses. Needs the NpgsqlDataSource and Data Protection.
    /// Outside Development a provider is required unless Email:Provider=local chooses local mode.
    /// </summary>
    public static IServiceCollection AddEmail(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment, bool workers)
    {
        services.AddValidatedSettings(configuration, InfrastructureSettings.Email);
        // The provider decides what is registered below, so the settings are read (and validated) once
        // here as well; the registered options hold the same values.
        var settings = InfrastructureSettings.Email.Read(configuration);
        if (!environment.IsDevelopment())
        {
            // Refused here, before local mode is registered, and as the options' validation for
            // anything that reads them without this registration.
            var required = new FluentValidationOptions<EmailSettings>(new EmailProviderRequiredValidator());
            services.AddSingleton<IValidateOptions<EmailSettings>>(required);
            var result = required.Validate(Options.DefaultName, settings);
            if (result.Failed) throw new OptionsValidationException(Options.DefaultName, typeof(EmailSettings), result.Failures);
        }
        // Local mode chosen outside Development is reported by /readyz, not only in the start-up log.
        services.AddHealthChecks().AddCheck("email", new EmailModeHealthCheck(settings, environment.IsDevelopment()), tags: ["ready"]);
        services.AddSingleton(new DigestOptions { DigestHourUtc = settings.DigestHourUtc });
        services.AddSingleton<IUnsubscribeTokens, UnsubscribeTokens>();
        services.AddSingleton(sp => settings.ReplyTokenSecret is { } secret
            ? new ReplyTokenKeys(secret)
            : new ReplyTokenKeys(sp.GetRequiredService<IKeyManager>(), sp.GetRequiredService<IDataProtectionProvider>()));
        services.AddSingleton<IAttemptReplyAddresses>(sp => new AttemptReplyAddresses(settings.ReplyDomain, sp.GetRequiredService<ReplyTokenKeys>()));

        // The resilience handler times each try; the client's timeout only bounds a whole send, waits included.
        var total = settings.AttemptTimeout * (settings.MaxRetries + 1) + settings.MaxRetryAfter * settings.MaxRetries + TimeSpan.FromSeconds(10);
        switch (settings.Provider)
        {
            case EmailProvider.Resend:
                services.AddSingleton(sp => new RequestRateLimiter(settings.RequestsPerSecond, sp.GetRequiredService<TimeProvider>()));
                services.AddRefitGeneratedClient<IResendApi>(ResendEmailSender.RefitSettings)
                    .ConfigureHttpClient(c => Configure(c, settings.ResendBaseUrl, total))
                    .AddEmailResilienceHandler(settings)
                    // Inside the resilience handler, so every try (retries included) waits its turn.
                    .AddHttpMessageHandler(sp => new RateLimitHandler(sp.GetRequiredService<RequestRateLimiter>()));
                services.AddTransient<IEmailSender, ResendEmailSender>();
                break;
            case EmailProvider.Mailgun:
                services.AddRefitGeneratedClient<IMailgunApi>()
                    .ConfigureHttpClient(c => Configure(c, settings.MailgunBaseUrl, total))
                    .AddEmailResilienceHandler(settings);
                services.AddTransient<IEmailSender, MailgunEmailSender>();
                break;
            default:
                services.AddTransient<IEmailSender, LocalEmailSender>();
                break;
        }

        services.AddSingleton<EmailOutboxSignal>();
        services.AddSingleton<IEmailOutboxSignal>(sp => sp.GetRequiredService<EmailOutboxSignal>());
        services.AddSingleton<EmailOutboxClaims>();
        services.AddSingleton<EmailSendJob>();
        services.AddScheduledJob<DigestScheduler>();
        if (workers)
        {
            services.AddHostedService(sp => new QueueWorker<ClaimedEmail, EmailOutcome>(
                sp.GetRequiredService<EmailOutboxClaims>(), sp.GetRequiredService<EmailSendJob>(), sp.GetRequiredService<EmailOutboxSignal>(),
                EmailSendJob.WorkerOptions(settings), sp.GetRequiredService<ILogger<QueueWorker<ClaimedEmail, EmailOutcome>>>()));
        }
        return services;
    }

    private static void Configure(HttpClient client, string baseUrl, TimeSpan timeout)
    {
        client.BaseAddress = new Uri(baseUrl);
        client.Timeout = timeout;
    }
}
