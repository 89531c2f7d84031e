using System.Reflection;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using VoiceTraining.Application.Common.Behaviours;
using VoiceTraining.Application.Common.Interfaces;

namespace VoiceTraining.Application;

public static class DependencyInjection
{
    /// <summary>
    /// Registers MediatR 5 (by hand: no DI package exists for it here, see docs/adr/0001), the
    /// pipeline behaviours in order (logging → validation → transaction → handler), the validators
    /// (FluentValidation's assembly scan) and the AutoMapper profiles of this assembly.
    /// </summary>
    public static IServiceCollection AddApplication(this IServiceCollection services, string? autoMapperLicenseKey)
    {
        var assembly = Assembly.GetExecutingAssembly();
        // A property's rules stop at its first failure: the later ones may assume what the earlier
        // checked (a list's Count after NotEmpty), and a null must be a 400, not a NullReferenceException.
        ValidatorOptions.Global.DefaultRuleLevelCascadeMode = CascadeMode.Stop;

        services.AddScoped<ServiceFactory>(sp => sp.GetService!);
        services.AddScoped<IMediator, Mediator>();

        foreach (var (service, implementation) in ClosedImplementations(assembly, typeof(IRequestHandler<,>)))
            services.AddScoped(service, implementation);
        foreach (var (service, implementation) in ClosedImplementations(assembly, typeof(INotificationHandler<>)))
            services.AddScoped(service, implementation);
        // A validator builds its rules in its constructor, which costs more than validating: those that
        // need nothing from the request's scope are built once.
        foreach (var validator in AssemblyScanner.FindValidatorsInAssembly(assembly, includeInternalTypes: true))
        {
            var lifetime = NeedsScope(validator.ValidatorType) ? ServiceLifetime.Scoped : ServiceLifetime.Singleton;
            services.Add(new ServiceDescriptor(validator.InterfaceType, validator.ValidatorType, lifetime));
        }

        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(LoggingBehaviour<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ConnectionBehaviour<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ValidationBehaviour<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(BillingStandingBehaviour<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(TransactionBehaviour<,>));

        services.AddAutoMapper(cfg =>
        {
            // AutoMapper 15+ is dual-licensed; see README and docs/adr/0002.
            if (!string.IsNullOrWhiteSpace(autoMapperLicenseKey)) cfg.LicenseKey = autoMapperLicenseKey;
        }, assembly);

        // Reactions to domain events, run inside SaveChanges (docs: README, "Domain events").
        services.AddScoped<IDomainEventReaction, Webhooks.Reactions.QueueWebhookDeliveries>();
        services.AddScoped<IDomainEventReaction, Email.Reactions.QueueEmails>();
        services.AddScoped<IDomainEventReaction, Billing.VoiceSims.FreeSimsOfDeactivatedMembers>();

        services.AddSingleton(TimeProvider.System);
        services.AddScoped<Calls.CallCompletion>();
        services.AddScoped<Calls.PracticeAttempts>();
        services.AddScoped<Voice.Sessions.VoiceSettingsLookup>();
        services.AddScoped<Voice.Sessions.VoiceSessionEnding>();
        services.AddScoped<Calls.CallLiveUpdates>();
        services.AddScoped<Billing.Entitlements>();
        services.AddSingleton<Flags.FlagSettingsCache>();
        services.AddScoped<Flags.IFeatureFlags, Flags.FeatureFlags>();
        services.AddScoped<Flags.FeatureFlagWriter>();
        services.AddScoped<Billing.VoiceSims.VoiceSimEmails>();
        services.AddScoped<Billing.VoiceSims.VoiceSimReader>();
        services.AddScoped<Billing.VoiceSims.VoiceSimReclaim>();
        services.AddScoped<Billing.VoiceSims.VoiceAddOnLineChange>();
        services.AddScoped<Billing.VoiceSims.VoiceAiBillingPause>();
        services.AddScoped<Identity.IdentitySync>();
        return services;
    }

    /// <summary>Whether a validator's constructor takes anything but the clock (the database, say).</summary>
    private static bool NeedsScope(Type validator) =>
        validator.GetConstructors().Any(c => c.GetParameters().Any(p => p.ParameterType != typeof(TimeProvider)));

    private static IEnumerable<(Type Service, Type Implementation)> ClosedImplementations(Assembly assembly, Type openInterface) =>
        from type in assembly.GetTypes()
        where type is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false }
        from service in type.GetInterfaces()
        where service.IsGenericType && service.GetGenericTypeDefinition() == openInterface
        select (service, type);
}
