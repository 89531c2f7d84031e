using AutoMapper;
using VoiceTraining.Domain.Personas;
using VoiceTraining.Domain.Scenarios;

namespace VoiceTraining.Application.Scenarios;

/// <summary>A scenario as lists show it.</summary>
public sealed record ScenarioSummaryDto
{
    public Guid Id { get; init; }
    public string Title { get; init; } = "";
    public string Description { get; init; } = "";
    public ScenarioStatus Status { get; init; }
    public Guid PersonaId { get; init; }
    public string PersonaName { get; init; } = "";
    public Difficulty Difficulty { get; init; }
    public int PassingThreshold { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? PublishedAt { get; init; }
}

/// <summary>A scenario with its prompt and rubric.</summary>
public sealed record ScenarioDto
{
    public Guid Id { get; init; }
    public string Title { get; init; } = "";
    public string Description { get; init; } = "";
    public ScenarioStatus Status { get; init; }
    public Guid PersonaId { get; init; }
    public string PersonaName { get; init; } = "";
    public Difficulty Difficulty { get; init; }
    /// <summary>The system prompt the AI buyer plays from.</summary>
    public string AiPrompt { get; init; } = "";
    public IReadOnlyList<RubricCriterionDto> Rubric { get; init; } = [];
    /// <summary>Score (0–100) below which an attempt counts as low.</summary>
    public int PassingThreshold { get; init; }
    public Guid? CreatedById { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? PublishedAt { get; init; }
}

/// <summary>One weighted rubric criterion. Which fields apply depends on <see cref="Kind"/>.</summary>
public sealed record RubricCriterionDto
{
    public string Name { get; init; } = "";
    /// <summary>Relative weight, 1–100.</summary>
    public int Weight { get; init; } = 1;
    public CriterionKind Kind { get; init; }
    /// <summary>kpiRange: the KPI tested.</summary>
    public KpiMetric? Kpi { get; init; }
    /// <summary>kpiRange: lower bound (inclusive), if any. minimumQuestions: how many questions.</summary>
    public double? Min { get; init; }
    /// <summary>kpiRange: upper bound (inclusive), if any.</summary>
    public double? Max { get; init; }
    /// <summary>requiredPhrases / forbiddenPhrases: the phrases, matched case-insensitively in the trainee's turns.</summary>
    public IReadOnlyList<string> Phrases { get; init; } = [];
    /// <summary>modelEvaluation: what the model is asked to judge.</summary>
    public string? Instructions { get; init; }

    public RubricCriterion ToDomain() => new()
    {
        Name = Name.Trim(),
        Weight = Weight,
        Kind = Kind,
        Kpi = Kind == CriterionKind.KpiRange ? Kpi : null,
        Min = Kind is CriterionKind.KpiRange or CriterionKind.MinimumQuestions ? Min : null,
        Max = Kind == CriterionKind.KpiRange ? Max : null,
        Phrases = Kind is CriterionKind.RequiredPhrases or CriterionKind.ForbiddenPhrases
            ? Phrases.Select(p => p.Trim()).Where(p => p.Length > 0).ToList() : [],
        Instructions = Kind == CriterionKind.ModelEvaluation ? Instructions?.Trim() : null,
    };
}

public sealed class ScenarioMappingProfile : Profile
{
    public ScenarioMappingProfile()
    {
        CreateMap<RubricCriterion, RubricCriterionDto>();
        CreateMap<Scenario, ScenarioSummaryDto>()
            .ForMember(d => d.PersonaName, o => o.MapFrom(s => s.Persona!.Name))
            .ForMember(d => d.Difficulty, o => o.MapFrom(s => s.Persona!.Difficulty));
        CreateMap<Scenario, ScenarioDto>()
            .ForMember(d => d.PersonaName, o => o.MapFrom(s => s.Persona!.Name))
            .ForMember(d => d.Difficulty, o => o.MapFrom(s => s.Persona!.Difficulty));
    }
}
