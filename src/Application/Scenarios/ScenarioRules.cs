using FluentValidation;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Domain.Common;
using VoiceTraining.Domain.Scenarios;

namespace VoiceTraining.Application.Scenarios;

/// <summary>Field rules shared by create and update.</summary>
public interface IScenarioFields
{
    string Title { get; }
    string? Description { get; }
    Guid PersonaId { get; }
    string AiPrompt { get; }
    IReadOnlyList<RubricCriterionDto> Rubric { get; }
    int PassingThreshold { get; }
}

internal static class ScenarioRules
{
    public static void AddScenarioFieldRules<T>(this AbstractValidator<T> v, IApplicationDbContext db) where T : IScenarioFields
    {
        v.RuleFor(x => x.Title).NotEmpty().MaximumLength(Limits.Title);
        v.RuleFor(x => x.Description).MaximumLength(Limits.Description);
        v.RuleFor(x => x.AiPrompt).NotEmpty().MaximumLength(Limits.Prompt);
        v.RuleFor(x => x.PassingThreshold).InclusiveBetween(0, 100);
        v.RuleFor(x => x.Rubric).NotNull().Must(r => r.Count <= Limits.MaxCriteria)
            .WithMessage($"A rubric has at most {Limits.MaxCriteria} criteria.");
        v.RuleForEach(x => x.Rubric).SetValidator(new RubricCriterionValidator());
        v.RuleFor(x => x.PersonaId).NotEmpty()
            .MustAsync((id, ct) => db.Personas.AnyAsync(p => p.Id == id, ct))
            .WithMessage("No persona with this id in your organization.");
    }
}

public sealed class RubricCriterionValidator : AbstractValidator<RubricCriterionDto>
{
    public RubricCriterionValidator()
    {
        RuleFor(c => c.Name).NotEmpty().MaximumLength(Limits.CriterionName);
        RuleFor(c => c.Weight).InclusiveBetween(1, 100);
        RuleFor(c => c.Kind).IsInEnum();
        When(c => c.Kind == CriterionKind.KpiRange, () =>
        {
            RuleFor(c => c.Kpi).NotNull().WithMessage("A KPI criterion names the KPI it tests.").IsInEnum();
            RuleFor(c => c).Must(c => c.Min is not null || c.Max is not null)
                .WithName("min").WithMessage("A KPI criterion needs a minimum, a maximum or both.");
            RuleFor(c => c.Max).GreaterThanOrEqualTo(c => c.Min!.Value).When(c => c.Min is not null && c.Max is not null)
                .WithMessage("The maximum must not be below the minimum.");
        });
        When(c => c.Kind is CriterionKind.RequiredPhrases or CriterionKind.ForbiddenPhrases, () =>
        {
            RuleFor(c => c.Phrases).NotEmpty().WithMessage("A phrase criterion lists at least one phrase.")
                .Must(p => p.Count <= Limits.MaxPhrasesPerCriterion).WithMessage($"At most {Limits.MaxPhrasesPerCriterion} phrases.");
            RuleForEach(c => c.Phrases).NotEmpty().MaximumLength(Limits.Phrase);
        });
        When(c => c.Kind == CriterionKind.MinimumQuestions, () =>
            RuleFor(c => c.Min).NotNull().WithMessage("A minimum-questions criterion says how many (min).")
                .GreaterThanOrEqualTo(1).LessThanOrEqualTo(200));
        When(c => c.Kind == CriterionKind.ModelEvaluation, () =>
            RuleFor(c => c.Instructions).NotEmpty().WithMessage("A model-evaluated criterion says what to judge.").MaximumLength(Limits.Description));
    }
}
