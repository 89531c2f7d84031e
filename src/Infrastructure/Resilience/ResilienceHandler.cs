using Polly;

namespace VoiceTraining.Infrastructure.Resilience;

/// <summary>
/// Runs every request of an HttpClient through a hand-built resilience pipeline. Only Stripe's client
/// still uses it; the email and recording clients have <c>AddResilienceHandler</c> pipelines
/// (docs/adr/0011-refit-and-http-resilience.md), and this goes once Stripe's client has one too.
/// </summary>
public sealed class ResilienceHandler(ResiliencePipeline<HttpResponseMessage> pipeline) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        await pipeline.ExecuteAsync(async ct => await base.SendAsync(request, ct), cancellationToken);
}
