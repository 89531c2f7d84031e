using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Domain.Voice;

namespace VoiceTraining.Application.Voice.Sessions;

/// <summary>A session with its member's name and scenario's title, as the usage report reads it.</summary>
/// <remarks>Set by member initialisation, not a constructor, so queries can still order and filter by its parts.</remarks>
internal sealed class VoiceSessionRow
{
    public required VoiceSession Session { get; init; }
    public required string MemberName { get; init; }
    public required string ScenarioTitle { get; init; }

    public VoiceSessionDto ToDto() => new()
    {
        Id = Session.Id,
        MemberId = Session.MemberId,
        MemberName = MemberName,
        ScenarioId = Session.ScenarioId,
        ScenarioTitle = ScenarioTitle,
        AttemptId = Session.AttemptId,
        Provider = Session.Provider,
        Status = Session.Status,
        StartedAt = Session.StartedAt,
        EndedAt = Session.EndedAt,
        ExpectedDurationMinutes = Session.ExpectedDurationMinutes,
        PricePerMinute = Session.PricePerMinute,
        CostEstimate = Session.CostEstimate,
        RunningCost = Session.RunningCost,
        CircuitBreakerThreshold = Session.CircuitBreakerThreshold,
        MaxSessionMinutes = Session.MaxSessionMinutes,
        EndReason = Session.EndReason,
        Providers = new VoiceSessionProvidersDto
        {
            SpeechToText = Session.SpeechToTextProvider,
            TextToSpeech = Session.TextToSpeechProvider,
            Llm = Session.LlmProvider,
        },
        ProviderSwitches = Session.ProviderSwitches.Switches
            .Select(s => new ProviderSwitchDto { At = s.At, Kind = s.Kind, From = s.From, To = s.To, Reason = s.Reason }).ToList(),
    };
}

internal static class VoiceSessionQueries
{
    /// <summary>The organization's sessions with their member and scenario (the tenant filters apply to all three).</summary>
    public static IQueryable<VoiceSessionRow> Rows(this IApplicationDbContext db, IQueryable<VoiceSession> sessions) =>
        from s in sessions
        join m in db.Members on s.MemberId equals m.Id
        join sc in db.Scenarios on s.ScenarioId equals sc.Id
        select new VoiceSessionRow { Session = s, MemberName = m.Name, ScenarioTitle = sc.Title };
}
