using VoiceTraining.Application.Email.Templates;
using VoiceTraining.Domain.Email;
using VoiceTraining.Domain.Voice;

namespace VoiceTraining.Application.Voice.Providers;

/// <summary>The alert email about a provider's change of health, to the installation's alert address (not a member).</summary>
public static class VoiceProviderAlerts
{
    public static string KindLabel(VoiceProviderKind kind) => kind switch
    {
        VoiceProviderKind.SpeechToText => "speech-to-text",
        VoiceProviderKind.TextToSpeech => "text-to-speech",
        _ => "LLM",
    };

    /// <param name="change">The change of status.</param>
    /// <param name="to">The alert address (ADMIN_ALERT_EMAIL).</param>
    /// <param name="fallback">What serves instead while the provider is unhealthy, if anything.</param>
    /// <param name="instance">Which API instance saw the change.</param>
    /// <param name="adminUrl">The provider status in the web app.</param>
    public static EmailMessage Email(VoiceProviderStatusChange change, string to, string? fallback, string instance, string adminUrl)
    {
        var rendered = EmailTemplates.VoiceProviderStatus(new VoiceProviderStatusModel(to, change.Provider, KindLabel(change.Kind),
            change.To == VoiceProviderStatus.Healthy, change.Reason, change.At, fallback, instance, adminUrl));
        return new EmailMessage(orgId: null, memberId: null, to, toName: null, EmailTemplateNames.VoiceProviderStatus, EmailCategory.Essential,
            rendered.Subject, rendered.Html, rendered.Text, replyTo: null, unsubscribeUrl: null, dedupeKey: null, change.At);
    }
}

/// <summary>
/// How the voice pipeline runs on this installation: real providers, local stand-ins only (local
/// mode), or off; <see cref="Description"/> names each kind's providers in order, for the start-up log.
/// </summary>
public sealed record VoicePipelineMode(bool Local, bool Off, string Description);
