using AutoMapper;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Domain.Common;
using VoiceTraining.Domain.Scenarios;
using VoiceTraining.Domain.Tracks;

namespace VoiceTraining.Application.Tracks;

public sealed record TrackSummaryDto
{
    public Guid Id { get; init; }
    public string Title { get; init; } = "";
    public string Description { get; init; } = "";
    public int ScenarioCount { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

public sealed record TrackDto
{
    public Guid Id { get; init; }
    public string Title { get; init; } = "";
    public string Description { get; init; } = "";
    /// <summary>The scenarios in the order a trainee takes them.</summary>
    public IReadOnlyList<TrackScenarioDto> Scenarios { get; init; } = [];
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

public sealed record TrackScenarioDto
{
    public Guid ScenarioId { get; init; }
    /// <summary>0-based place in the track.</summary>
    public int Position { get; init; }
    public string Title { get; init; } = "";
    public ScenarioStatus Status { get; init; }
}

public sealed class TrackMappingProfile : Profile
{
    public TrackMappingProfile()
    {
        CreateMap<Track, TrackSummaryDto>().ForMember(d => d.ScenarioCount, o => o.MapFrom(t => t.Scenarios.Count));
        CreateMap<TrackScenario, TrackScenarioDto>()
            .ForMember(d => d.Title, o => o.MapFrom(s => s.Scenario!.Title))
            .ForMember(d => d.Status, o => o.MapFrom(s => s.Scenario!.Status));
        CreateMap<Track, TrackDto>()
            .ForMember(d => d.Scenarios, o => o.MapFrom(t => t.Scenarios.OrderBy(s => s.Position)));
    }
}

public interface ITrackFields
{
    string Title { get; }
    string? Description { get; }
    /// <summary>Scenario ids in order.</summary>
    IReadOnlyList<Guid> ScenarioIds { get; }
}

internal static class TrackRules
{
    public static void AddTrackFieldRules<T>(this AbstractValidator<T> v, IApplicationDbContext db) where T : ITrackFields
    {
        v.RuleFor(x => x.Title).NotEmpty().MaximumLength(Limits.Title);
        v.RuleFor(x => x.Description).MaximumLength(Limits.Description);
        v.RuleFor(x => x.ScenarioIds).NotEmpty()
            .Must(ids => ids.Count <= Limits.MaxScenariosPerTrack).WithMessage($"A track holds at most {Limits.MaxScenariosPerTrack} scenarios.")
            .Must(ids => ids.Distinct().Count() == ids.Count).WithMessage("A scenario appears only once in a track.")
            .MustAsync(async (ids, ct) =>
            {
                var distinct = ids.Distinct().ToList();
                return await db.Scenarios.CountAsync(s => distinct.Contains(s.Id), ct) == distinct.Count;
            }).WithMessage("Every scenario must exist in your organization.");
    }
}
