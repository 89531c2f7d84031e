using System.Text.Json;
using VoiceTraining.Domain.Attempts;
using VoiceTraining.Domain.Attempts.Analysis;

namespace VoiceTraining.UnitTests.Domain.Analysis;

public class ConversationAnalyzerTests
{
    /// <summary>
    /// Six turns, hand-timed (ms):
    ///   0 ai    0 → 4000  (EndMs)                        4.0 s
    ///   1 user  5000 → 12000 (EndMs)                     7.0 s
    ///   2 ai    13000 → 20000 (no EndMs: next start)     7.0 s
    ///   3 user  20000 → 26000 (EndMs)                    6.0 s
    ///   4 ai    26500 → 35000 (EndMs)                    8.5 s
    ///   5 user  36000 → ? last, no EndMs: 12 words × 400 ms = 4.8 s → 40800
    /// Trainee 7 + 6 + 4.8 = 17.8 s; AI 4 + 7 + 8.5 = 19.5 s; share 17.8 / 37.3 = 47.72% → 47.7, "48:52".
    /// </summary>
    private static List<TranscriptTurn> SixTurns() =>
    [
        Turn.Ai("Hello, this is Dana from Acme Logistics.", 0, 4000),
        // 13 words, 1 question.
        Turn.User("Hi Dana, thanks for taking the call. How are you handling shipping today?", 5000, 12000),
        Turn.Ai("We use a regional carrier.", 13000),
        // 10 words, 1 question, fillers: so (sentence-initial), um, actually.
        Turn.User("So, um, what does that actually cost you per month?", 20000, 26000),
        Turn.Ai("About forty thousand dollars.", 26500, 35000),
        // 12 words ("follow-up" is two), 1 question.
        Turn.User("That is a lot. Could we book a follow-up next week?", 36000),
    ];

    [Fact]
    public void Six_turn_call_gives_the_hand_computed_kpis()
    {
        var kpis = ConversationAnalyzer.Analyze(SixTurns());

        kpis.TurnCount.Should().Be(6);
        kpis.TraineeTurnCount.Should().Be(3);
        kpis.AiTurnCount.Should().Be(3);
        kpis.TraineeTalkSeconds.Should().Be(17.8);
        kpis.AiTalkSeconds.Should().Be(19.5);
        kpis.TraineeSharePercent.Should().Be(47.7);
        kpis.AiSharePercent.Should().Be(52.3);
        kpis.TalkListenRatio.Should().Be("48:52");
        // No call duration given: the last turn's end, 40.8 s.
        kpis.CallDurationSeconds.Should().Be(40.8);
        // 13 + 10 + 12 words in 17.8 s: 35 / (17.8 / 60) = 117.98 → 118.0.
        kpis.TraineeWordCount.Should().Be(35);
        kpis.WordsPerMinute.Should().Be(118.0);
        // 3 fillers / 0.29667 min = 10.11.
        kpis.FillerWordCount.Should().Be(3);
        kpis.FillerWordsPerMinute.Should().Be(10.11);
        kpis.FillerWords.Select(f => (f.Word, f.Count)).Should().Equal(("actually", 1), ("so", 1), ("um", 1));
        kpis.QuestionsAsked.Should().Be(3);
        // Longest trainee stretch: turn 1, 7 s.
        kpis.LongestMonologueSeconds.Should().Be(7.0);
        // ai/user alternate six times: 5 switches in 40.8 s = 7.35 per minute.
        kpis.SpeakerSwitches.Should().Be(5);
        kpis.SwitchesPerMinute.Should().Be(7.35);
        // Pauses after AI turns: 5000 − 4000 = 1 s; 20000 − 20000 = 0 (ignored: not positive); 36000 − 35000 = 1 s.
        kpis.PatienceSeconds.Should().Be(1.0);
        kpis.PatienceSamples.Should().Be(2);
        kpis.Interruptions.Should().Be(0);
    }

    [Fact]
    public void A_known_call_duration_caps_the_estimated_last_turn()
    {
        // Last turn 36000 + 4800 estimated, capped at 39000: 3 s. Trainee 7 + 6 + 3 = 16 s; AI 19.5 s.
        // Share 16 / 35.5 = 45.07% → 45.1, "45:55"; 5 switches in 39 s = 7.69 per minute.
        var kpis = ConversationAnalyzer.Analyze(SixTurns(), callDurationSeconds: 39);

        kpis.CallDurationSeconds.Should().Be(39);
        kpis.TraineeTalkSeconds.Should().Be(16);
        kpis.TraineeSharePercent.Should().Be(45.1);
        kpis.TalkListenRatio.Should().Be("45:55");
        kpis.SwitchesPerMinute.Should().Be(7.69);
    }

    [Fact]
    public void A_longer_call_duration_does_not_stretch_the_last_turn()
    {
        var kpis = ConversationAnalyzer.Analyze(SixTurns(), callDurationSeconds: 120);

        kpis.TraineeTalkSeconds.Should().Be(17.8, "the estimate (4.8 s) is below the cap");
        kpis.CallDurationSeconds.Should().Be(120);
        // 5 switches in 2 minutes.
        kpis.SwitchesPerMinute.Should().Be(2.5);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(0)]
    [InlineData(-5)]
    public void An_unusable_call_duration_falls_back_to_the_transcript(double seconds)
    {
        ConversationAnalyzer.Analyze(SixTurns(), seconds).CallDurationSeconds.Should().Be(40.8);
    }

    [Fact]
    public void Turn_order_in_the_input_does_not_matter()
    {
        var shuffled = SixTurns();
        shuffled.Reverse();

        var kpis = ConversationAnalyzer.Analyze(shuffled);

        kpis.Should().BeEquivalentTo(ConversationAnalyzer.Analyze(SixTurns()));
        kpis.TraineeTalkSeconds.Should().Be(17.8);
    }

    [Fact]
    public void A_turn_without_end_lasts_until_the_next_turn_of_either_speaker()
    {
        // user 0 → 3000 (next start), user 3000 → 10000 (next start), ai 10000 → 12000 (EndMs).
        var kpis = ConversationAnalyzer.Analyze(
        [
            Turn.User("First part.", 0),
            Turn.User("Second part.", 3000),
            Turn.Ai("Noted.", 10000, 12000),
        ]);

        kpis.TraineeTalkSeconds.Should().Be(10);
        kpis.AiTalkSeconds.Should().Be(2);
        // The two user turns merge into one 10 s monologue and one switch.
        kpis.LongestMonologueSeconds.Should().Be(10);
        kpis.SpeakerSwitches.Should().Be(1);
    }

    [Fact]
    public void An_end_time_wins_over_the_next_turn_start()
    {
        // user 0 → 2500 (EndMs, not the next start at 6000).
        var kpis = ConversationAnalyzer.Analyze([Turn.User("Short answer.", 0, 2500), Turn.Ai("Okay then.", 6000, 7000)]);

        kpis.TraineeTalkSeconds.Should().Be(2.5);
        kpis.PatienceSamples.Should().Be(0, "only pauses before the trainee's turns count");
    }

    [Fact]
    public void The_last_turn_is_estimated_at_150_words_per_minute()
    {
        // 5 words × 400 ms = 2 s.
        var kpis = ConversationAnalyzer.Analyze([Turn.User("one two three four five", 1000)]);

        kpis.TraineeTalkSeconds.Should().Be(2);
        kpis.CallDurationSeconds.Should().Be(3);
        kpis.WordsPerMinute.Should().Be(150);
    }

    [Fact]
    public void A_last_turn_starting_after_the_call_ended_lasts_nothing()
    {
        var kpis = ConversationAnalyzer.Analyze([Turn.Ai("Hi.", 0, 1000), Turn.User("Late words here.", 10000)], callDurationSeconds: 8);

        kpis.TraineeTalkSeconds.Should().Be(0);
        kpis.WordsPerMinute.Should().Be(0);
        kpis.TraineeTurnCount.Should().Be(1);
    }

    [Fact]
    public void An_end_before_the_start_is_ignored()
    {
        // EndMs 500 < start 1000: the turn ends at the next start, 4000 → 3 s.
        var kpis = ConversationAnalyzer.Analyze([Turn.User("Hello there.", 1000, 500), Turn.Ai("Hi.", 4000, 5000)]);

        kpis.TraineeTalkSeconds.Should().Be(3);
    }

    [Fact]
    public void Overlapping_turns_count_once_per_speaker_and_interruptions_are_counted()
    {
        // ai   0 → 10000
        // user 8000 → 12000   starts before the AI ended: an interruption
        // user 11000 → 15000  overlaps the trainee's previous turn; the AI had ended at 10000
        // ai   16000 → 20000
        // Trainee: union [8000, 15000] = 7 s; AI 10 + 4 = 14 s. Share 7 / 21 = 33.3%.
        var kpis = ConversationAnalyzer.Analyze(
        [
            Turn.Ai("Let me tell you about our process in some detail.", 0, 10000),
            Turn.User("Sorry to jump in, what is the price?", 8000, 12000),
            Turn.User("And the contract length?", 11000, 15000),
            Turn.Ai("Let me answer both.", 16000, 20000),
        ]);

        kpis.TraineeTalkSeconds.Should().Be(7);
        kpis.AiTalkSeconds.Should().Be(14);
        kpis.TraineeSharePercent.Should().Be(33.3);
        kpis.TalkListenRatio.Should().Be("33:67");
        kpis.Interruptions.Should().Be(1);
        // The trainee's reply started 2 s before the AI ended: no pause sample.
        kpis.PatienceSamples.Should().Be(0);
        kpis.PatienceSeconds.Should().Be(0);
        kpis.LongestMonologueSeconds.Should().Be(7, "the merged trainee stretch runs from 8000 to 15000");
        kpis.SpeakerSwitches.Should().Be(2);
    }

    [Fact]
    public void Patience_is_the_mean_positive_pause_before_the_trainee_answers()
    {
        // Pauses: 600 ms, 1400 ms → mean 1.0 s; the third reply overlaps (−500 ms) and is an interruption.
        var kpis = ConversationAnalyzer.Analyze(
        [
            Turn.Ai("Question one?", 0, 2000),
            Turn.User("Answer one.", 2600, 4000),
            Turn.Ai("Question two?", 4000, 6000),
            Turn.User("Answer two.", 7400, 9000),
            Turn.Ai("Question three?", 9000, 11000),
            Turn.User("Answer three.", 10500, 12000),
        ]);

        kpis.PatienceSeconds.Should().Be(1.0);
        kpis.PatienceSamples.Should().Be(2);
        kpis.Interruptions.Should().Be(1);
    }

    [Fact]
    public void Patience_of_uneven_pauses_is_rounded_to_hundredths()
    {
        // Pauses 500 and 800 ms → 0.65 s; 300 ms alone would be 0.3.
        var kpis = ConversationAnalyzer.Analyze(
        [
            Turn.Ai("A?", 0, 1000), Turn.User("B.", 1500, 2000),
            Turn.Ai("C?", 2000, 3000), Turn.User("D.", 3800, 4000),
        ]);

        kpis.PatienceSeconds.Should().Be(0.65);
    }

    [Fact]
    public void Patience_needs_end_times()
    {
        // Without EndMs an AI turn ends where the trainee's starts: no pause can be seen.
        var kpis = ConversationAnalyzer.Analyze([Turn.Ai("Question?", 0), Turn.User("Answer.", 3000), Turn.Ai("Okay.", 5000)]);

        kpis.PatienceSamples.Should().Be(0);
        kpis.PatienceSeconds.Should().Be(0);
        kpis.Interruptions.Should().Be(0);
    }

    [Fact]
    public void An_empty_transcript_gives_zeros_and_no_exception()
    {
        var kpis = ConversationAnalyzer.Analyze([]);

        kpis.Should().BeEquivalentTo(new ConversationKpis());
        kpis.TalkListenRatio.Should().Be("0:0");
        kpis.FillerWords.Should().BeEmpty();
        JsonSerializer.Serialize(kpis).Should().NotContain("NaN").And.NotContain("Infinity");
    }

    [Fact]
    public void An_empty_transcript_with_a_call_duration_keeps_the_duration()
    {
        var kpis = ConversationAnalyzer.Analyze([], callDurationSeconds: 60);

        kpis.CallDurationSeconds.Should().Be(60);
        kpis.SwitchesPerMinute.Should().Be(0);
        kpis.TraineeSharePercent.Should().Be(0);
    }

    [Fact]
    public void Empty_texts_and_other_roles_are_ignored()
    {
        var kpis = ConversationAnalyzer.Analyze(
        [
            new TranscriptTurn { Role = "system", Text = "You are a buyer.", TimestampMs = 0 },
            Turn.Ai("Hello.", 0, 1000),
            Turn.User("   ", 1000, 9000),
            Turn.User("", 1500, 9000),
            new TranscriptTurn { Role = "tool", Text = "lookup()", TimestampMs = 1200 },
            Turn.User("Hi there.", 2000, 3000),
        ]);

        kpis.TurnCount.Should().Be(2);
        kpis.TraineeTalkSeconds.Should().Be(1);
        kpis.AiTalkSeconds.Should().Be(1);
        kpis.TraineeWordCount.Should().Be(2);
    }

    [Theory]
    [InlineData("bot")]
    [InlineData("Assistant")]
    [InlineData(" AI ")]
    public void Provider_names_for_the_ai_buyer_are_recognised(string role)
    {
        var kpis = ConversationAnalyzer.Analyze(
            [new TranscriptTurn { Role = role, Text = "Hello.", TimestampMs = 0, EndMs = 3000 }, new TranscriptTurn { Role = "USER", Text = "Hi.", TimestampMs = 3000, EndMs = 4000 }]);

        kpis.AiTurnCount.Should().Be(1);
        kpis.TraineeTurnCount.Should().Be(1);
        kpis.TalkListenRatio.Should().Be("25:75");
    }

    [Fact]
    public void A_trainee_alone_has_the_whole_share_and_one_monologue()
    {
        // 0 → 20000 → 50000 (EndMs): one 50 s monologue, 30 + 20 words.
        var kpis = ConversationAnalyzer.Analyze(
        [
            Turn.User(string.Join(' ', Enumerable.Repeat("word", 30)), 0),
            Turn.User(string.Join(' ', Enumerable.Repeat("word", 20)), 20000, 50000),
        ]);

        kpis.TraineeSharePercent.Should().Be(100);
        kpis.AiSharePercent.Should().Be(0);
        kpis.TalkListenRatio.Should().Be("100:0");
        kpis.LongestMonologueSeconds.Should().Be(50);
        kpis.SpeakerSwitches.Should().Be(0);
        kpis.PatienceSamples.Should().Be(0);
        // 50 words in 50 s.
        kpis.WordsPerMinute.Should().Be(60);
    }

    [Fact]
    public void An_ai_alone_leaves_the_trainee_at_zero()
    {
        var kpis = ConversationAnalyzer.Analyze([Turn.Ai("Hello? Is anyone there?", 0, 5000)]);

        kpis.TalkListenRatio.Should().Be("0:100");
        kpis.TraineeSharePercent.Should().Be(0);
        kpis.AiSharePercent.Should().Be(100);
        kpis.WordsPerMinute.Should().Be(0);
        kpis.FillerWordsPerMinute.Should().Be(0);
        kpis.QuestionsAsked.Should().Be(0, "the AI's questions are not the trainee's");
        kpis.LongestMonologueSeconds.Should().Be(0);
    }

    [Theory]
    // trainee ms, ai ms, share, ratio: whole percents from the one-decimal share, half away from zero, AI = 100 − trainee.
    [InlineData(44_500, 55_500, 44.5, "45:55")]
    [InlineData(10_000, 20_000, 33.3, "33:67")]
    [InlineData(20_000, 10_000, 66.7, "67:33")]
    [InlineData(12_500, 87_500, 12.5, "13:87")]
    [InlineData(43_000, 57_000, 43.0, "43:57")]
    [InlineData(1_000, 199_000, 0.5, "1:99")]
    [InlineData(999, 199_001, 0.5, "1:99")]
    [InlineData(1, 999_999, 0.0, "0:100")]
    public void The_ratio_string_uses_whole_percents_summing_to_100(long traineeMs, long aiMs, double share, string ratio)
    {
        var kpis = ConversationAnalyzer.Analyze([Turn.User("Hello.", 0, traineeMs), Turn.Ai("Hi.", traineeMs, traineeMs + aiMs)]);

        kpis.TraineeSharePercent.Should().Be(share);
        kpis.TalkListenRatio.Should().Be(ratio);
        var parts = kpis.TalkListenRatio.Split(':').Select(int.Parse).ToArray();
        (parts[0] + parts[1]).Should().Be(100);
        (kpis.TraineeSharePercent + kpis.AiSharePercent).Should().BeApproximately(100, 1e-9);
    }

    [Fact]
    public void Values_of_metrics_are_the_ones_a_rubric_tests()
    {
        var kpis = new ConversationKpis
        {
            TraineeSharePercent = 1,
            FillerWordsPerMinute = 2,
            WordsPerMinute = 3,
            LongestMonologueSeconds = 4,
            QuestionsAsked = 5,
            SwitchesPerMinute = 6,
            PatienceSeconds = 7,
        };

        Enum.GetValues<VoiceTraining.Domain.Scenarios.KpiMetric>().Select(kpis.ValueOf).Should().Equal(1, 2, 3, 4, 5, 6, 7);
        var unknown = () => kpis.ValueOf((VoiceTraining.Domain.Scenarios.KpiMetric)99);
        unknown.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Kpis_survive_a_json_round_trip()
    {
        var kpis = ConversationAnalyzer.Analyze(SixTurns());

        var json = JsonSerializer.Serialize(kpis);
        var back = JsonSerializer.Deserialize<ConversationKpis>(json);

        back.Should().BeEquivalentTo(kpis);
        json.Should().Contain("\"TalkListenRatio\":\"48:52\"");
    }

    [Fact]
    public void Turns_at_the_same_time_keep_their_input_order()
    {
        // Both start at 0: the user turn (first in the input) ends where the AI turn starts, at 0.
        var kpis = ConversationAnalyzer.Analyze([Turn.User("Hello?", 0), Turn.Ai("Hi, who is this?", 0, 3000)]);

        kpis.TraineeTalkSeconds.Should().Be(0);
        kpis.AiTalkSeconds.Should().Be(3);
        kpis.QuestionsAsked.Should().Be(1);
    }

    [Fact]
    public void Null_turns_texts_and_roles_from_loose_json_are_ignored()
    {
        var kpis = ConversationAnalyzer.Analyze(
        [
            null!,
            new TranscriptTurn { Role = null!, Text = "Who am I?", TimestampMs = 0 },
            new TranscriptTurn { Role = "user", Text = null!, TimestampMs = 0 },
            Turn.User("Hello.", 1000, 2000),
        ]);

        kpis.TurnCount.Should().Be(1);
        kpis.TraineeTalkSeconds.Should().Be(1);
        kpis.QuestionsAsked.Should().Be(0);
    }

    [Fact]
    public void A_null_transcript_is_refused()
    {
        var act = () => ConversationAnalyzer.Analyze(null!);
        act.Should().Throw<ArgumentNullException>();
    }
}
