using OpenAI.Models;
using VoiceTraining.Domain.Voice;

namespace VoiceTraining.Infrastructure.Voice.Providers.OpenAi;

/// <summary>
/// The health check of every adapter on an OpenAI-style API: GET {base}/models, which costs nothing
/// and fails with the key. A list that comes back empty is reported as well.
/// </summary>
internal static class OpenAiModelsProbe
{
    public static async Task<string?> ProbeAsync(OpenAIModelClient models, string provider, VoiceProviderKind kind, CancellationToken cancellationToken)
    {
        try
        {
            var list = await models.GetModelsAsync(cancellationToken);
            return list.Value.Count > 0 ? null : "the model list is empty";
        }
        catch (Exception e) when (OpenAiErrors.Map(provider, kind, e, cancellationToken) is { } failure)
        {
            return failure.Detail;
        }
    }
}
