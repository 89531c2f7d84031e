using VoiceTraining.Application.Voice.Providers;
using VoiceTraining.Domain.Voice;

namespace VoiceTraining.Infrastructure.Voice.Providers;

/// <summary>
/// The router of ADR 0022: per kind, the providers of its chain that are usable now, in order. A
/// provider is usable while the shared health state calls it healthy (a provider never checked
/// counts as healthy; local stand-ins always are) and its circuit breaker on this instance lets
/// calls through (closed, or its break over: the next call is the trial).
/// </summary>
internal sealed class VoiceProviderRouter(VoiceProviderChains chains, VoiceProviderHealthBoard board, TimeProvider clock) : IVoiceProviderRouter
{
    public async ValueTask<IReadOnlyList<ISpeechToText>> SpeechToTextAsync(CancellationToken cancellationToken) =>
        [.. (await UsableAsync(VoiceProviderKind.SpeechToText, cancellationToken)).Select(l => (ISpeechToText)l.Provider)];

    public async ValueTask<IReadOnlyList<ILanguageModel>> LanguageModelsAsync(CancellationToken cancellationToken) =>
        [.. (await UsableAsync(VoiceProviderKind.Llm, cancellationToken)).Select(l => (ILanguageModel)l.Provider)];

    public async ValueTask<IReadOnlyList<ITextToSpeech>> TextToSpeechAsync(CancellationToken cancellationToken) =>
        [.. (await UsableAsync(VoiceProviderKind.TextToSpeech, cancellationToken)).Select(l => (ITextToSpeech)l.Provider)];

    public async ValueTask<VoiceProviderChoice> ChooseForNewSessionAsync(CancellationToken cancellationToken)
    {
        var rows = await board.CurrentAsync(cancellationToken);
        var unavailable = new List<VoiceProviderKind>();
        string Choose(VoiceProviderKind kind)
        {
            var chain = chains.Of(kind);
            if (chain.FirstOrDefault(l => Usable(l, rows)) is { } usable) return usable.Name;
            unavailable.Add(kind);
            return chain.Count > 0 ? chain[0].Name : "none";
        }
        return new VoiceProviderChoice(Choose(VoiceProviderKind.SpeechToText), Choose(VoiceProviderKind.TextToSpeech), Choose(VoiceProviderKind.Llm), unavailable);
    }

    public async ValueTask<IReadOnlyList<VoiceProviderState>> DescribeAsync(CancellationToken cancellationToken)
    {
        var rows = await board.CurrentAsync(cancellationToken);
        return [.. chains.All.Select(link =>
        {
            rows.TryGetValue(link.Name, out var row);
            return new VoiceProviderState
            {
                Name = link.Name,
                Kind = link.Kind,
                Role = link.Role,
                IsLocal = link.Provider.IsLocal,
                Usable = Usable(link, rows),
                Status = link.Provider.IsLocal || row is null ? VoiceProviderStatus.Healthy : row.Status,
                StatusReason = link.Provider.IsLocal ? "a local stand-in (local mode): not a real provider" : row?.StatusReason ?? "not checked yet",
                StatusChangedAt = row?.StatusChangedAt,
                LastCheckedAt = row?.LastCheckedAt,
                LastCheckSucceeded = row?.LastCheckSucceeded,
                LastError = row?.LastError,
                LastErrorAt = row?.LastErrorAt,
                Breaker = link.Breaker.State,
                BreakerOpenUntil = link.Breaker.State == BreakerState.Open ? link.Breaker.OpenUntil : null,
            };
        })];
    }

    private async ValueTask<IEnumerable<ChainLink>> UsableAsync(VoiceProviderKind kind, CancellationToken cancellationToken)
    {
        var rows = await board.CurrentAsync(cancellationToken);
        return chains.Of(kind).Where(l => Usable(l, rows)).ToList();
    }

    private bool Usable(ChainLink link, IReadOnlyDictionary<string, VoiceProviderHealth> rows)
    {
        if (!link.Breaker.AllowsCalls) return false;
        if (link.Provider.IsLocal || !rows.TryGetValue(link.Name, out var row)) return true;
        // A hold from a breaker that opened elsewhere ends by itself; the next check or call confirms it.
        return row.IsHealthy || (row.ConsecutiveCheckFailures == 0 && row.LiveHoldUntil is { } until && until <= clock.GetUtcNow());
    }
}
