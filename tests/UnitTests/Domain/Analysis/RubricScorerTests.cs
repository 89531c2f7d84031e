using VoiceTraining.Domain.Attempts;
using VoiceTraining.Domain.Attempts.Analysis;
using VoiceTraining.Domain.Scenarios;

namespace VoiceTraining.UnitTests.Domain.Analysis;

public class RubricScorerTests
{
    private static readonly List<TranscriptTurn> NoTurns = [];

    private static RubricCriterion Kpi(KpiMetric metric, double? min, double? max, int weight = 1) =>
        new() { Name = metric.ToString(), Kind = CriterionKind.KpiRange, Kpi = metric, Min = min, Max = max, Weight = weight };

    private static RubricCriterion Phrases(CriterionKind kind, params string[] phrases) =>
        new() { Name = "Phrases", Kind = kind, Phrases = [.. phrases] };

    private static RubricCriterion Questions(double? min, int weight = 1) =>
        new() { Name = "Questions", Kind = CriterionKind.MinimumQuestions, Min = min, Weight = weight };

    private static RubricCriterion Model(string name = "Handles objections", int weight = 1) =>
        new() { Name = name, Kind = CriterionKind.ModelEvaluation, Instructions = "Judge the objection handling.", Weight = weight };

    private static CriterionScore One(RubricCriterion criterion, ConversationKpis? kpis = null, IReadOnlyList<TranscriptTurn>? turns = null, CallAnalysis? analysis = null) =>
        RubricScorer.Score([criterion], turns ?? NoTurns, kpis ?? new ConversationKpis(), analysis).Criteria.Single();

    // ---- KpiRange ----

    [Theory]
    [InlineData(40, 100)]   // lower bound, inclusive
    [InlineData(45, 100)]
    [InlineData(50, 100)]   // upper bound, inclusive
    [InlineData(55, 50)]    // 5 above; tolerance = width 10 → 100 × (1 − 5/10)
    [InlineData(35, 50)]    // 5 below
    [InlineData(57.5, 25)]  // 7.5 above → 25
    [InlineData(60, 0)]     // a full width above → 0
    [InlineData(75, 0)]     // beyond → still 0
    [InlineData(50.1, 99)]  // 100 × (1 − 0.01) = 99
    [InlineData(50.04, 99)] // 99.6 would round to 100: capped at 99 outside the range
    public void Kpi_range_with_two_bounds_gives_partial_credit_over_one_width(double share, int expected)
    {
        var result = One(Kpi(KpiMetric.TalkRatio, 40, 50), new ConversationKpis { TraineeSharePercent = share });

        result.Score.Should().Be(expected);
        result.Met.Should().Be(expected == 100);
        result.Scored.Should().BeTrue();
    }

    [Theory]
    [InlineData(76, 100)]
    [InlineData(95, 50)]   // 19 above max 76; tolerance 76 / 2 = 38 → 50
    [InlineData(114, 0)]   // 38 above → 0
    [InlineData(0, 100)]
    public void Kpi_range_with_only_a_maximum_allows_half_the_bound(double monologue, int expected)
    {
        One(Kpi(KpiMetric.LongestMonologueSeconds, null, 76), new ConversationKpis { LongestMonologueSeconds = monologue })
            .Score.Should().Be(expected);
    }

    [Theory]
    [InlineData(11, 100)]
    [InlineData(8, 45)]    // 3 below min 11; tolerance 5.5 → 100 × (1 − 3/5.5) = 45.45 → 45
    [InlineData(5.5, 0)]
    [InlineData(200, 100)]
    public void Kpi_range_with_only_a_minimum_allows_half_the_bound(double wpm, int expected)
    {
        One(Kpi(KpiMetric.WordsPerMinute, 11, null), new ConversationKpis { WordsPerMinute = wpm }).Score.Should().Be(expected);
    }

    [Fact]
    public void Kpi_range_on_a_zero_bound_uses_a_tolerance_of_one()
    {
        // Max 0 fillers per minute, 0.25 measured: 100 × (1 − 0.25 / 1) = 75.
        One(Kpi(KpiMetric.FillerWordsPerMinute, null, 0), new ConversationKpis { FillerWordsPerMinute = 0.25 }).Score.Should().Be(75);
    }

    [Fact]
    public void Kpi_range_of_a_single_value_uses_half_of_it()
    {
        // 43–43, value 45: tolerance 21.5, 100 × (1 − 2/21.5) = 90.7 → 91.
        One(Kpi(KpiMetric.TalkRatio, 43, 43), new ConversationKpis { TraineeSharePercent = 45 }).Score.Should().Be(91);
    }

    [Fact]
    public void Kpi_range_with_swapped_bounds_is_read_in_order()
    {
        One(Kpi(KpiMetric.TalkRatio, 50, 40), new ConversationKpis { TraineeSharePercent = 55 }).Score.Should().Be(50);
    }

    [Fact]
    public void Kpi_range_feedback_states_the_value_and_the_range()
    {
        One(Kpi(KpiMetric.TalkRatio, 40, 50), new ConversationKpis { TraineeSharePercent = 55 }).Feedback
            .Should().Be("Your share of the talking was 55.0%, above the target (40\u201350%): 50/100.");
        One(Kpi(KpiMetric.TalkRatio, 40, 50), new ConversationKpis { TraineeSharePercent = 43.2 }).Feedback
            .Should().Be("Your share of the talking was 43.2%, within the target (40\u201350%).");
        One(Kpi(KpiMetric.LongestMonologueSeconds, null, 76), new ConversationKpis { LongestMonologueSeconds = 95 }).Feedback
            .Should().Be("Your longest monologue was 95 s, above the target (at most 76 s): 50/100.");
        // 0.15 below 0.6; tolerance 0.6 / 2 = 0.3 → 100 × (1 − 0.5) = 50.
        One(Kpi(KpiMetric.PatienceSeconds, 0.6, null), new ConversationKpis { PatienceSeconds = 0.45 }).Feedback
            .Should().Be("Your average pause before answering was 0.45 s, below the target (at least 0.6 s): 50/100.");
    }

    [Fact]
    public void Every_kpi_can_be_tested()
    {
        var kpis = new ConversationKpis
        {
            TraineeSharePercent = 45,
            FillerWordsPerMinute = 0.5,
            WordsPerMinute = 140,
            LongestMonologueSeconds = 60,
            QuestionsAsked = 12,
            SwitchesPerMinute = 3,
            PatienceSeconds = 0.8,
        };
        var rubric = KpiBenchmarks.All.Select(b => Kpi(b.Metric, b.Min, b.Max)).ToList();

        var result = RubricScorer.Score(rubric, NoTurns, kpis, null);

        result.Criteria.Should().OnlyContain(c => c.Met && c.Score == 100, "every value lies in its benchmark band");
        result.Score.Should().Be(100);
    }

    [Fact]
    public void Kpi_range_without_kpi_or_bounds_is_not_scored()
    {
        var noKpi = new RubricCriterion { Name = "x", Kind = CriterionKind.KpiRange, Min = 1 };
        One(noKpi).Scored.Should().BeFalse();
        One(Kpi(KpiMetric.TalkRatio, null, null)).Scored.Should().BeFalse();
        One(Kpi(KpiMetric.TalkRatio, double.NaN, null)).Scored.Should().BeFalse();
    }

    // ---- RequiredPhrases ----

    private static readonly List<TranscriptTurn> Call =
    [
        Turn.Ai("Hi, what can I do for you? We could follow up next week.", 0, 3000),
        Turn.User("Thanks for your time. Can we book a follow up for Tuesday? I don't want to lose momentum.", 3000, 9000),
        Turn.Ai("Sure. What's the price?", 9000, 11000),
        Turn.User("The PRICE is 500 a month, and I guarantee it pays for itself. Pricing is flexible; I GUARANTEE it!", 11000, 18000),
    ];

    [Theory]
    [InlineData("follow-up")]
    [InlineData("Follow up!")]
    [InlineData("  FOLLOW   UP  ")]
    [InlineData("follow, up")]
    public void Required_phrases_ignore_case_punctuation_and_spacing(string phrase)
    {
        var result = One(Phrases(CriterionKind.RequiredPhrases, phrase), turns: Call);

        result.Met.Should().BeTrue();
        result.Score.Should().Be(100);
        result.Feedback.Should().Be($"Heard \"{phrase.Trim()}\": \"Can we book a follow up for Tuesday?\"");
    }

    [Fact]
    public void Apostrophes_are_dropped_on_both_sides()
    {
        One(Phrases(CriterionKind.RequiredPhrases, "dont want"), turns: Call).Met.Should().BeTrue();
        One(Phrases(CriterionKind.RequiredPhrases, "don't want"), turns: Call).Met.Should().BeTrue();
    }

    [Theory]
    [InlineData("pric")]          // part of a word
    [InlineData("prices")]        // longer than the word said
    [InlineData("what can i do")] // only the AI said it
    public void Required_phrases_match_whole_words_of_the_trainee_only(string phrase)
    {
        One(Phrases(CriterionKind.RequiredPhrases, phrase), turns: Call).Met.Should().BeFalse();
    }

    [Fact]
    public void A_phrase_may_run_across_punctuation_within_a_turn_and_both_sentences_are_quoted()
    {
        // "Tuesday? I don't" normalises to "tuesday i dont".
        One(Phrases(CriterionKind.RequiredPhrases, "Tuesday, I don't"), turns: Call).Feedback
            .Should().Be("Heard \"Tuesday, I don't\": \"Can we book a follow up for Tuesday? I don't want to lose momentum.\"");
    }

    [Fact]
    public void Phrases_do_not_run_across_turns()
    {
        // "momentum" ends turn 1 and "the price" opens turn 3.
        One(Phrases(CriterionKind.RequiredPhrases, "momentum the price"), turns: Call).Met.Should().BeFalse();
    }

    [Fact]
    public void Any_phrasing_meets_the_requirement_and_the_earliest_is_quoted()
    {
        var result = One(Phrases(CriterionKind.RequiredPhrases, "next steps", "pays for itself", "follow up"), turns: Call);

        result.Met.Should().BeTrue();
        result.Feedback.Should().Be("Heard \"follow up\": \"Can we book a follow up for Tuesday?\"");
    }

    [Fact]
    public void Missing_phrasings_are_listed()
    {
        var result = One(Phrases(CriterionKind.RequiredPhrases, "next steps", "calendar invite"), turns: Call);

        result.Met.Should().BeFalse();
        result.Score.Should().Be(0);
        result.Scored.Should().BeTrue();
        result.Feedback.Should().Be("None of the phrasings was heard (\"next steps\", \"calendar invite\").");
    }

    [Fact]
    public void A_long_sentence_is_quoted_around_the_phrase()
    {
        var filler = string.Join(' ', Enumerable.Repeat("we really value the partnership", 8));
        var turns = new List<TranscriptTurn> { Turn.User($"{filler} and the decision maker is Pat {filler}.", 0, 60_000) };

        var feedback = One(Phrases(CriterionKind.RequiredPhrases, "decision maker"), turns: turns).Feedback;

        var quote = feedback[(feedback.IndexOf(": \"", StringComparison.Ordinal) + 3)..^1];
        quote.Should().StartWith("\u2026").And.EndWith("\u2026").And.Contain("decision maker is Pat");
        quote.Length.Should().BeLessThanOrEqualTo(122);
        quote.Length.Should().BeGreaterThan(80);
    }

    [Fact]
    public void Phrase_criteria_without_phrases_are_not_scored()
    {
        One(Phrases(CriterionKind.RequiredPhrases)).Scored.Should().BeFalse();
        One(Phrases(CriterionKind.ForbiddenPhrases, " ", "?!")).Scored.Should().BeFalse();
    }

    // ---- ForbiddenPhrases ----

    [Fact]
    public void Forbidden_phrases_not_said_meet_the_criterion()
    {
        var result = One(Phrases(CriterionKind.ForbiddenPhrases, "to be honest", "what can I do"), turns: Call);

        result.Met.Should().BeTrue();
        result.Score.Should().Be(100);
        result.Feedback.Should().Be("None of the forbidden phrases was heard.");
    }

    [Fact]
    public void A_forbidden_phrase_is_quoted_with_its_line()
    {
        var result = One(Phrases(CriterionKind.ForbiddenPhrases, "to be honest", "I guarantee"), turns: Call);

        result.Met.Should().BeFalse();
        result.Score.Should().Be(0);
        // Said twice ("I guarantee it pays…", "I GUARANTEE it!"); the first sentence is quoted.
        result.Feedback.Should().Be("Said \"I guarantee\" (2 times in all): \"The PRICE is 500 a month, and I guarantee it pays for itself.\"");
    }

    // ---- MinimumQuestions ----

    [Theory]
    [InlineData(12, 11, 100)]
    [InlineData(11, 11, 100)]
    [InlineData(9, 12, 75)]
    [InlineData(1, 3, 33)]
    [InlineData(2, 3, 67)]
    [InlineData(0, 5, 0)]
    [InlineData(199, 200, 99)] // 99.5 rounds to 100: capped at 99 below the minimum
    public void Minimum_questions_gives_proportional_credit(int asked, double min, int expected)
    {
        var result = One(Questions(min), new ConversationKpis { QuestionsAsked = asked });

        result.Score.Should().Be(expected);
        result.Met.Should().Be(asked >= min);
    }

    [Fact]
    public void Minimum_questions_feedback_counts_the_questions()
    {
        One(Questions(12), new ConversationKpis { QuestionsAsked = 9 }).Feedback.Should().Be("Asked 9 questions; the minimum is 12: 75/100.");
        One(Questions(1), new ConversationKpis { QuestionsAsked = 1 }).Feedback.Should().Be("Asked 1 question, meeting the minimum of 1.");
    }

    [Fact]
    public void Minimum_questions_without_a_minimum_is_not_scored()
    {
        One(Questions(null)).Scored.Should().BeFalse();
    }

    // ---- ModelEvaluation ----

    [Fact]
    public void Without_a_model_evaluation_the_criterion_is_not_scored()
    {
        var result = One(Model());

        result.Scored.Should().BeFalse();
        result.Met.Should().BeFalse();
        result.Score.Should().Be(0);
        result.Points.Should().Be(0);
        result.Feedback.Should().Be("No model evaluation was available for this call.");
        One(Model(), analysis: new CallAnalysis { Summary = "A call." }).Feedback.Should().Be(RubricScorer.NoModelEvaluation);
    }

    [Theory]
    [InlineData("true", 100, true)]
    [InlineData("false", 0, false)]
    [InlineData("8", 80, true)]
    [InlineData("6", 60, false)]
    [InlineData("85", 85, true)]
    [InlineData("Pass", 100, true)]
    [InlineData("Fail", 0, false)]
    [InlineData("B+", 88, true)]
    [InlineData("D", 65, false)]
    public void The_success_evaluation_scores_the_criterion(string evaluation, int score, bool met)
    {
        var result = One(Model(), analysis: new CallAnalysis { SuccessEvaluation = evaluation });

        result.Scored.Should().BeTrue();
        result.Score.Should().Be(score);
        result.Met.Should().Be(met);
        result.Feedback.Should().Be($"The model's evaluation of the call was \"{evaluation}\": {score}/100.");
    }

    [Fact]
    public void An_unreadable_evaluation_is_not_scored()
    {
        var result = One(Model(), analysis: new CallAnalysis { SuccessEvaluation = "it depends" });

        result.Scored.Should().BeFalse();
        result.Feedback.Should().Be("The model evaluation \"it depends\" could not be read as a score.");
    }

    [Fact]
    public void Structured_data_named_after_the_criterion_wins()
    {
        var analysis = new CallAnalysis
        {
            SuccessEvaluation = "true",
            StructuredData = new Dictionary<string, string> { ["handles OBJECTIONS "] = "4", ["Other"] = "10" },
        };

        var result = One(Model("Handles objections"), analysis: analysis);

        result.Score.Should().Be(40);
        result.Met.Should().BeFalse();
        result.Feedback.Should().Be("The model's evaluation of this criterion was \"4\": 40/100.");
        One(Model("Rapport"), analysis: analysis).Score.Should().Be(100, "no key for it: the call's evaluation applies");
    }

    // ---- Totals and weights ----

    [Fact]
    public void The_total_is_the_weighted_mean_rounded_half_away_from_zero()
    {
        // 100 × 3 + 50 × 1 = 350; / 4 = 87.5 → 88. Points: 75 and 12.5.
        var rubric = new List<RubricCriterion> { Questions(10, weight: 3), Kpi(KpiMetric.TalkRatio, 40, 50, weight: 1) };
        var kpis = new ConversationKpis { QuestionsAsked = 10, TraineeSharePercent = 55 };

        var result = RubricScorer.Score(rubric, NoTurns, kpis, null);

        result.Score.Should().Be(88);
        result.Criteria.Select(c => c.Points).Should().Equal(75, 12.5);
        result.Criteria.Select(c => c.Weight).Should().Equal(3, 1);
        result.Criteria.Select(c => c.Kind).Should().Equal(CriterionKind.MinimumQuestions, CriterionKind.KpiRange);
        result.Summary.Should().Be("Score 88/100 from 2 of 2 criteria. Met: Questions. Not met: TalkRatio (50/100).");
    }

    [Fact]
    public void Weights_change_the_total()
    {
        var kpis = new ConversationKpis { QuestionsAsked = 10, TraineeSharePercent = 60 };
        // 100 and 0: weights 1:1 → 50; 1:3 → 25; 3:1 → 75.
        RubricScorer.Score([Questions(10, 1), Kpi(KpiMetric.TalkRatio, 40, 50, 1)], NoTurns, kpis, null).Score.Should().Be(50);
        RubricScorer.Score([Questions(10, 1), Kpi(KpiMetric.TalkRatio, 40, 50, 3)], NoTurns, kpis, null).Score.Should().Be(25);
        RubricScorer.Score([Questions(10, 3), Kpi(KpiMetric.TalkRatio, 40, 50, 1)], NoTurns, kpis, null).Score.Should().Be(75);
    }

    [Theory]
    // 45 and 50 with equal weights: 47.5 → 48.
    [InlineData(9, 20, 18, 45, 50, 48)]
    // 33 and 100: 66.5 → 67 (half away from zero; banker's rounding would give 66).
    [InlineData(1, 3, 1, 33, 100, 67)]
    public void A_half_point_total_rounds_away_from_zero(int asked, double min1, double min2, int score1, int score2, int total)
    {
        var kpis = new ConversationKpis { QuestionsAsked = asked };
        var result = RubricScorer.Score([Questions(min1), Questions(min2)], NoTurns, kpis, null);

        result.Criteria.Select(c => c.Score).Should().Equal(score1, score2);
        result.Score.Should().Be(total);
    }

    [Fact]
    public void Unscored_criteria_are_left_out_of_the_total()
    {
        var kpis = new ConversationKpis { QuestionsAsked = 12 };
        var result = RubricScorer.Score([Questions(10, weight: 1), Model(weight: 5)], NoTurns, kpis, null);

        result.Score.Should().Be(100);
        result.Criteria[0].Points.Should().Be(100);
        result.Criteria[1].Scored.Should().BeFalse();
        result.Criteria[1].Points.Should().Be(0);
        result.Summary.Should().Be("Score 100/100 from 1 of 2 criteria. Met: Questions. Not scored: Handles objections.");
    }

    [Fact]
    public void Nothing_scorable_gives_zero()
    {
        var result = RubricScorer.Score([Model()], NoTurns, new ConversationKpis(), null);

        result.Score.Should().Be(0);
        result.Summary.Should().Be("No criterion could be scored, so the score is 0.");
        RubricScorer.Score([], NoTurns, new ConversationKpis(), null).Should()
            .BeEquivalentTo(new ScoreResult { Score = 0, Criteria = [], Summary = "The rubric has no criteria, so the score is 0." });
    }

    [Fact]
    public void Zero_and_negative_weights_count_for_nothing()
    {
        var kpis = new ConversationKpis { QuestionsAsked = 0, TraineeSharePercent = 45 };
        var result = RubricScorer.Score([Questions(5, weight: 0), Kpi(KpiMetric.TalkRatio, 40, 50, weight: 2), Questions(5, weight: -3)], NoTurns, kpis, null);

        result.Score.Should().Be(100);
        result.Criteria.Select(c => c.Points).Should().Equal(0, 100, 0);

        RubricScorer.Score([Questions(5, weight: 0)], NoTurns, kpis, null).Summary
            .Should().Be("The scored criteria all weigh 0, so the score is 0.");
    }

    [Fact]
    public void Points_add_up_to_the_unrounded_total()
    {
        // Scores 100, 50, 1 (5 of 1000 = 0.5 → 1) with weights 1, 1, 1: points 33.33, 16.67, 0.33; 151 / 3 = 50.33 → 50.
        var kpis = new ConversationKpis { QuestionsAsked = 5 };
        var result = RubricScorer.Score([Questions(5), Questions(10), Questions(1000)], NoTurns, kpis, null);

        result.Criteria.Select(c => c.Points).Should().Equal(33.33, 16.67, 0.33);
        result.Criteria.Select(c => c.Score).Should().Equal(100, 50, 1);
        result.Score.Should().Be(50);
    }

    [Fact]
    public void Null_entries_from_loose_json_do_not_break_scoring()
    {
        var rubric = new List<RubricCriterion>
        {
            null!,
            new() { Name = null!, Kind = CriterionKind.RequiredPhrases, Phrases = null!, Weight = 1 },
            new() { Name = null!, Kind = CriterionKind.ForbiddenPhrases, Phrases = [null!, "guarantee"], Weight = 1 },
            new() { Name = "Model", Kind = CriterionKind.ModelEvaluation, Weight = 1 },
        };
        var analysis = new CallAnalysis { SuccessEvaluation = "true", StructuredData = new Dictionary<string, string> { ["Model"] = null! } };

        var result = RubricScorer.Score(rubric, [null!, Turn.User("Fine.", 0, 1000)], new ConversationKpis(), analysis);

        result.Criteria.Should().HaveCount(3);
        result.Criteria.Select(c => (c.Scored, c.Score)).Should().Equal((false, 0), (true, 100), (true, 100));
        result.Score.Should().Be(100);
        result.Summary.Should().Be("Score 100/100 from 2 of 3 criteria. Met: criterion 2, Model. Not scored: criterion 1.");
    }

    [Fact]
    public void Null_arguments_are_refused()
    {
        var noRubric = () => RubricScorer.Score(null!, NoTurns, new ConversationKpis(), null);
        var noKpis = () => RubricScorer.Score([], NoTurns, null!, null);
        noRubric.Should().Throw<ArgumentNullException>();
        noKpis.Should().Throw<ArgumentNullException>();
    }
}
