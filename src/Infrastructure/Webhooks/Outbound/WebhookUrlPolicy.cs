using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Infrastructure.Webhooks.Outbound.Ssrf;

namespace VoiceTraining.Infrastructure.Webhooks.Outbound;

/// <summary>The registration-time check of a webhook URL: the SSRF guard with DNS resolution.</summary>
internal sealed class WebhookUrlPolicy(WebhookUrlGuard guard) : IWebhookUrlPolicy
{
    public async Task<string?> WhyRefusedAsync(string url, CancellationToken cancellationToken)
    {
        var check = await guard.CheckAsync(url, cancellationToken);
        return check.Allowed ? null : check.Reason;
    }
}

internal sealed class PublicUrls(string baseUrl) : IPublicUrls
{
    public string BaseUrl { get; } = baseUrl.TrimEnd('/');
}
