using System.Text.Json;
using VoiceTraining.Domain.Attempts;
using VoiceTraining.Domain.Attempts.Analysis;
using VoiceTraining.Domain.Scenarios;

namespace VoiceTraining.UnitTests.Domain.Analysis;

public class DeterminismTests
{
    private static readonly List<TranscriptTurn> Transcript =
    [
        Turn.Ai("Hi, this is Sam from Northwind. You called about our fleet?", 0, 4200),
        Turn.User("Um, yes. So, how many vans do you run today, and what does maintenance cost you?", 5100, 11800),
        Turn.Ai("About 40 vans; maintenance is roughly 12,500 a month.", 12300, 17050),
        Turn.User("I see. Like, that is a lot. Could we book a follow-up to look at the numbers?", 17700, 24400),
        Turn.Ai("Sure, send me a calendar invite.", 24000, 26500),
        Turn.User("Great, I guarantee you will see savings, you know.", 27333),
    ];

    private static readonly List<RubricCriterion> Rubric =
    [
        new() { Name = "Talk ratio", Kind = CriterionKind.KpiRange, Kpi = KpiMetric.TalkRatio, Min = 40, Max = 50, Weight = 2 },
        new() { Name = "Pace", Kind = CriterionKind.KpiRange, Kpi = KpiMetric.WordsPerMinute, Min = 110, Max = 175 },
        new() { Name = "Patience", Kind = CriterionKind.KpiRange, Kpi = KpiMetric.PatienceSeconds, Min = 0.6, Max = 1.0 },
        new() { Name = "Next step", Kind = CriterionKind.RequiredPhrases, Phrases = ["follow up", "next steps"], Weight = 3 },
        new() { Name = "No guarantees", Kind = CriterionKind.ForbiddenPhrases, Phrases = ["guarantee"] },
        new() { Name = "Discovery", Kind = CriterionKind.MinimumQuestions, Min = 4 },
        new() { Name = "Objections", Kind = CriterionKind.ModelEvaluation, Instructions = "Judge it.", Weight = 2 },
    ];

    private static readonly CallAnalysis Analysis = new() { SuccessEvaluation = "7.5", Summary = "A short call." };

    private static string Run(double? duration = 30.5)
    {
        var kpis = ConversationAnalyzer.Analyze(Transcript, duration);
        var score = RubricScorer.Score(Rubric, Transcript, kpis, Analysis);
        return JsonSerializer.Serialize(new { kpis, score });
    }

    [Fact]
    public void The_same_inputs_give_the_same_output()
    {
        var first = Run();
        var second = Run();

        second.Should().Be(first);
        JsonSerializer.Serialize(ConversationAnalyzer.Analyze(Transcript)).Should().Be(JsonSerializer.Serialize(ConversationAnalyzer.Analyze(Transcript)));
    }

    [Fact]
    public void The_current_culture_changes_nothing()
    {
        var invariant = Run();

        var german = CommaCulture.Run(() => Run());

        german.Should().Be(invariant);
    }

    [Fact]
    public void Feedback_formats_numbers_with_a_decimal_point_under_a_comma_culture()
    {
        var result = CommaCulture.Run(() =>
        {
            var kpis = new ConversationKpis { TraineeSharePercent = 55.5, PatienceSeconds = 0.45 };
            return RubricScorer.Score(
            [
                new RubricCriterion { Name = "Talk", Kind = CriterionKind.KpiRange, Kpi = KpiMetric.TalkRatio, Min = 40.5, Max = 50.5 },
                new RubricCriterion { Name = "Pause", Kind = CriterionKind.KpiRange, Kpi = KpiMetric.PatienceSeconds, Min = 0.6 },
                new RubricCriterion { Name = "Model", Kind = CriterionKind.ModelEvaluation, Instructions = "x" },
            ], [], kpis, new CallAnalysis { SuccessEvaluation = "8.5" });
        });

        result.Criteria[0].Feedback.Should().Be("Your share of the talking was 55.5%, above the target (40.5\u201350.5%): 50/100.");
        result.Criteria[1].Feedback.Should().Contain("0.45 s").And.Contain("at least 0.6 s");
        result.Criteria[2].Score.Should().Be(85, "\"8.5\" is read with the invariant decimal point");
    }

    [Fact]
    public void Analysis_under_a_comma_culture_reads_the_ratio_the_same()
    {
        var kpis = CommaCulture.Run(() => ConversationAnalyzer.Analyze([Turn.User("Hello there.", 0, 44_500), Turn.Ai("Hi.", 44_500, 100_000)]));

        kpis.TalkListenRatio.Should().Be("45:55");
        kpis.TraineeSharePercent.Should().Be(44.5);
    }

    [Fact]
    public void A_realistic_call_scores_as_computed_by_hand()
    {
        // Duration 30.5 s. Turns (ms): ai 0–4200, user 5100–11800 (6.7 s), ai 12300–17050, user 17700–24400 (6.7 s),
        // ai 24000–26500 (starts before the trainee ended), user 27333–? last: 9 words × 400 = 3600 → 30933, capped at 30500 (3.167 s).
        // Trainee 6.7 + 6.7 + 3.167 = 16.567 s; AI 4.2 + 4.75 + 2.5 = 11.45 s; share 59.13% → 59.1, "59:41".
        // Pauses before the trainee: 0.9, 0.65, 0.833 → mean 0.794 → 0.79. Interruptions: none (the AI interrupted).
        var kpis = ConversationAnalyzer.Analyze(Transcript, 30.5);
        kpis.TraineeTalkSeconds.Should().Be(16.57);
        kpis.AiTalkSeconds.Should().Be(11.45);
        kpis.TraineeSharePercent.Should().Be(59.1);
        kpis.TalkListenRatio.Should().Be("59:41");
        kpis.PatienceSeconds.Should().Be(0.79);
        kpis.PatienceSamples.Should().Be(3);
        kpis.Interruptions.Should().Be(0);
        // Words: 16 + 18 ("follow-up" is two) + 9 = 43 in 16.567 s → 155.7 wpm.
        // Questions: "So, how many … cost you?" and "Could we … numbers?" = 2.
        kpis.TraineeWordCount.Should().Be(43);
        kpis.WordsPerMinute.Should().Be(155.7);
        kpis.QuestionsAsked.Should().Be(2);
        // Fillers: "Um", "So" (after "yes."), "Like" (after "I see."), "you know" (after a comma).
        kpis.FillerWordCount.Should().Be(4);

        var result = RubricScorer.Score(Rubric, Transcript, kpis, Analysis);

        // Talk 59.1 vs 40–50: 9.1 above, width 10 → 9 (w2). Pace 100 (w1). Patience 100 (w1). Next step 100 (w3).
        // No guarantees 0 (w1). Discovery 2 of 4 → 50 (w1). Objections "7.5" → 75 (w2).
        // (18 + 100 + 100 + 300 + 0 + 50 + 150) / 11 = 718 / 11 = 65.27 → 65.
        result.Criteria.Select(c => c.Score).Should().Equal(9, 100, 100, 100, 0, 50, 75);
        result.Score.Should().Be(65);
        result.Criteria.Sum(c => c.Points).Should().BeApproximately(65.27, 0.02);
        result.Summary.Should().Be(
            "Score 65/100 from 7 of 7 criteria. Met: Pace, Patience, Next step, Objections. Not met: Talk ratio (9/100), No guarantees (0/100), Discovery (50/100).");
    }
}
