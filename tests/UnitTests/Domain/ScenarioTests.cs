using VoiceTraining.Domain.Common;
using VoiceTraining.Domain.Scenarios;

namespace VoiceTraining.UnitTests.Domain;

public class ScenarioTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 10, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Org = Guid.NewGuid();

    private static RubricCriterion Criterion(int weight = 1) =>
        new() { Name = "Asks for the meeting", Weight = weight, Kind = CriterionKind.RequiredPhrases, Phrases = ["meeting"] };

    private static Scenario NewScenario(IEnumerable<RubricCriterion>? rubric = null, string prompt = "You are a buyer.") =>
        new(Org, "  Cold call  ", "", Guid.NewGuid(), prompt, rubric ?? [Criterion()], 70, null, Now);

    [Fact]
    public void A_new_scenario_is_a_trimmed_draft()
    {
        var scenario = NewScenario();
        scenario.Status.Should().Be(ScenarioStatus.Draft);
        scenario.Title.Should().Be("Cold call");
        scenario.CreatedAt.Should().Be(Now);
    }

    [Fact]
    public void Publishing_sets_the_status_and_time()
    {
        var scenario = NewScenario();
        scenario.Publish(Now.AddHours(1));
        scenario.Status.Should().Be(ScenarioStatus.Published);
        scenario.PublishedAt.Should().Be(Now.AddHours(1));
    }

    [Fact]
    public void A_scenario_without_rubric_cannot_be_published()
    {
        var scenario = NewScenario(rubric: []);
        var publish = () => scenario.Publish(Now);
        publish.Should().Throw<DomainException>().WithMessage("*rubric*");
        scenario.Status.Should().Be(ScenarioStatus.Draft);
    }

    [Fact]
    public void A_scenario_without_prompt_cannot_be_published()
    {
        var scenario = NewScenario(prompt: " ");
        scenario.Invoking(s => s.Publish(Now)).Should().Throw<DomainException>().WithMessage("*prompt*");
    }

    [Fact]
    public void An_archived_scenario_cannot_be_edited_until_published_again()
    {
        var scenario = NewScenario();
        scenario.Archive(Now);
        scenario.Invoking(s => s.Update("x", "", s.PersonaId, "p", [Criterion()], 50, Now)).Should().Throw<DomainException>();
        scenario.Publish(Now);
        scenario.Update("New title", "", scenario.PersonaId, "p", [Criterion()], 50, Now.AddMinutes(1));
        scenario.Title.Should().Be("New title");
        scenario.UpdatedAt.Should().Be(Now.AddMinutes(1));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public void The_threshold_is_a_score(int threshold)
    {
        var create = () => new Scenario(Org, "t", "", Guid.NewGuid(), "p", [Criterion()], threshold, null, Now);
        create.Should().Throw<DomainException>();
    }

    [Fact]
    public void Rubric_weights_must_add_up_to_more_than_zero()
    {
        var create = () => NewScenario(rubric: [Criterion(weight: 0), Criterion(weight: 0)]);
        create.Should().Throw<DomainException>().WithMessage("*weights*");
    }

    [Fact]
    public void A_scenario_belongs_to_an_organization()
    {
        var create = () => new Scenario(Guid.Empty, "t", "", Guid.NewGuid(), "p", [], 70, null, Now);
        create.Should().Throw<DomainException>();
    }
}
