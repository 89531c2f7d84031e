using MediatR;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Domain.Voice;

namespace VoiceTraining.Application.Voice.Providers.Queries.GetVoiceProviders;

/// <summary>The speech providers of the installation: per provider its health, last check, last error and this instance's circuit breaker.</summary>
public sealed record GetVoiceProvidersQuery : IQuery<VoiceProvidersDto>;

/// <summary>The voice pipeline's providers and whether it is degraded.</summary>
public sealed record VoiceProvidersDto
{
    /// <summary>healthy (every primary usable), degraded (a fallback or nothing serves some kind) or local (stand-ins only).</summary>
    public string Status { get; init; } = "";
    /// <summary>Which provider a session starting now would get, per kind.</summary>
    public VoiceProviderChoiceDto NewSessions { get; init; } = new();
    public IReadOnlyList<VoiceProviderDto> Providers { get; init; } = [];
}

public sealed record VoiceProviderChoiceDto
{
    public string SpeechToText { get; init; } = "";
    public string Llm { get; init; } = "";
    public string TextToSpeech { get; init; } = "";
    /// <summary>Kinds no provider can serve now.</summary>
    public IReadOnlyList<VoiceProviderKind> Unavailable { get; init; } = [];
}

/// <summary>One provider's state.</summary>
public sealed record VoiceProviderDto
{
    public string Name { get; init; } = "";
    public VoiceProviderKind Kind { get; init; }
    /// <summary>"primary", or "fallback 1", "fallback 2" …</summary>
    public string Role { get; init; } = "";
    /// <summary>A local stand-in (local mode), not a real provider.</summary>
    public bool Local { get; init; }
    /// <summary>Whether the router hands it out now.</summary>
    public bool Usable { get; init; }
    /// <summary>healthy or unhealthy, as the installation's shared health state says.</summary>
    public VoiceProviderStatus Status { get; init; }
    public string StatusReason { get; init; } = "";
    public DateTimeOffset? StatusChangedAt { get; init; }
    public DateTimeOffset? LastCheckedAt { get; init; }
    public bool? LastCheckSucceeded { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset? LastErrorAt { get; init; }
    /// <summary>This instance's circuit breaker on live calls: closed, open or half_open.</summary>
    public BreakerState Breaker { get; init; }
    public DateTimeOffset? BreakerOpenUntil { get; init; }
}

internal sealed class GetVoiceProvidersQueryHandler(IVoiceProviderRouter router) : IRequestHandler<GetVoiceProvidersQuery, VoiceProvidersDto>
{
    public async Task<VoiceProvidersDto> Handle(GetVoiceProvidersQuery request, CancellationToken cancellationToken)
    {
        var states = await router.DescribeAsync(cancellationToken);
        var choice = await router.ChooseForNewSessionAsync(cancellationToken);
        var primaries = states.Where(s => s.Role == "primary").ToList();
        var status = states.All(s => s.IsLocal) ? "local"
            : choice.Unavailable.Count > 0 || primaries.Any(p => !p.Usable) ? "degraded"
            : "healthy";
        return new VoiceProvidersDto
        {
            Status = status,
            NewSessions = new VoiceProviderChoiceDto { SpeechToText = choice.SpeechToText, Llm = choice.Llm, TextToSpeech = choice.TextToSpeech, Unavailable = choice.Unavailable },
            Providers = [.. states.Select(s => new VoiceProviderDto
            {
                Name = s.Name, Kind = s.Kind, Role = s.Role, Local = s.IsLocal, Usable = s.Usable, Status = s.Status, StatusReason = s.StatusReason,
                StatusChangedAt = s.StatusChangedAt, LastCheckedAt = s.LastCheckedAt, LastCheckSucceeded = s.LastCheckSucceeded,
                LastError = s.LastError, LastErrorAt = s.LastErrorAt, Breaker = s.Breaker, BreakerOpenUntil = s.BreakerOpenUntil,
            })],
        };
    }
}
