using FluentValidation.TestHelper;
using VoiceTraining.Application.Scenarios;
using VoiceTraining.Domain.Scenarios;

namespace VoiceTraining.UnitTests.Application;

public class RubricCriterionValidatorTests
{
    private readonly RubricCriterionValidator _validator = new();

    public static TheoryData<RubricCriterionDto> ValidCriteria => new()
    {
        new RubricCriterionDto { Name = "Talk ratio", Weight = 3, Kind = CriterionKind.KpiRange, Kpi = KpiMetric.TalkRatio, Min = 35, Max = 55 },
        new RubricCriterionDto { Name = "Few fillers", Weight = 1, Kind = CriterionKind.KpiRange, Kpi = KpiMetric.FillerWordsPerMinute, Max = 3 },
        new RubricCriterionDto { Name = "Questions", Weight = 1, Kind = CriterionKind.KpiRange, Kpi = KpiMetric.QuestionsAsked, Min = 3 },
        new RubricCriterionDto { Name = "Asks for meeting", Weight = 2, Kind = CriterionKind.RequiredPhrases, Phrases = ["meeting", "next step"] },
        new RubricCriterionDto { Name = "No slurs", Weight = 100, Kind = CriterionKind.ForbiddenPhrases, Phrases = ["scam"] },
        new RubricCriterionDto { Name = "Empathy", Weight = 1, Kind = CriterionKind.ModelEvaluation, Instructions = "Did the trainee acknowledge the concern?" },
    };

    [Theory]
    [MemberData(nameof(ValidCriteria))]
    public void Well_formed_criteria_of_every_kind_pass(RubricCriterionDto criterion)
    {
        _validator.TestValidate(criterion).ShouldNotHaveAnyValidationErrors();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    [InlineData(-5)]
    public void Weight_is_between_1_and_100(int weight)
    {
        var c = new RubricCriterionDto { Name = "x", Weight = weight, Kind = CriterionKind.RequiredPhrases, Phrases = ["a"] };
        _validator.TestValidate(c).ShouldHaveValidationErrorFor(x => x.Weight);
    }

    [Fact]
    public void A_kpi_criterion_names_its_kpi_and_a_bound()
    {
        var c = new RubricCriterionDto { Name = "x", Kind = CriterionKind.KpiRange };
        var result = _validator.TestValidate(c);
        result.ShouldHaveValidationErrorFor(x => x.Kpi);
        result.Errors.Should().Contain(e => e.PropertyName == "min");
    }

    [Fact]
    public void A_kpi_range_must_not_be_inverted()
    {
        var c = new RubricCriterionDto { Name = "x", Kind = CriterionKind.KpiRange, Kpi = KpiMetric.WordsPerMinute, Min = 180, Max = 120 };
        _validator.TestValidate(c).ShouldHaveValidationErrorFor(x => x.Max);
    }

    [Theory]
    [InlineData(CriterionKind.RequiredPhrases)]
    [InlineData(CriterionKind.ForbiddenPhrases)]
    public void A_phrase_criterion_lists_non_empty_phrases(CriterionKind kind)
    {
        _validator.TestValidate(new RubricCriterionDto { Name = "x", Kind = kind }).ShouldHaveValidationErrorFor(x => x.Phrases);
        _validator.TestValidate(new RubricCriterionDto { Name = "x", Kind = kind, Phrases = [""] }).IsValid.Should().BeFalse();
        _validator.TestValidate(new RubricCriterionDto { Name = "x", Kind = kind, Phrases = [new string('a', 201)] }).IsValid.Should().BeFalse();
    }

    [Fact]
    public void A_model_criterion_says_what_to_judge()
    {
        _validator.TestValidate(new RubricCriterionDto { Name = "x", Kind = CriterionKind.ModelEvaluation })
            .ShouldHaveValidationErrorFor(x => x.Instructions);
    }

    [Fact]
    public void A_criterion_has_a_name()
    {
        _validator.TestValidate(new RubricCriterionDto { Name = "", Kind = CriterionKind.RequiredPhrases, Phrases = ["a"] })
            .ShouldHaveValidationErrorFor(x => x.Name);
    }

    [Fact]
    public void Fields_of_other_kinds_are_dropped_when_stored()
    {
        var dto = new RubricCriterionDto
        {
            Name = " Questions ", Weight = 2, Kind = CriterionKind.KpiRange, Kpi = KpiMetric.QuestionsAsked, Min = 3,
            Phrases = ["stray"], Instructions = "stray",
        };
        var criterion = dto.ToDomain();
        criterion.Name.Should().Be("Questions");
        criterion.Phrases.Should().BeEmpty();
        criterion.Instructions.Should().BeNull();
        criterion.Min.Should().Be(3);
    }
}
