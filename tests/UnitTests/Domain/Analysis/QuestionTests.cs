using VoiceTraining.Domain.Attempts.Analysis;

namespace VoiceTraining.UnitTests.Domain.Analysis;

public class QuestionTests
{
    private static int Questions(params string[] traineeTurns)
    {
        var turns = traineeTurns.Select((text, i) => Turn.User(text, i * 10_000L, i * 10_000L + 5_000)).ToList();
        return ConversationAnalyzer.Analyze(turns).QuestionsAsked;
    }

    [Theory]
    [InlineData("How are you? Good. What's next?", 2)]
    [InlineData("Is it?? Sure.", 1)]
    [InlineData("Really?! Wow.", 1)]
    [InlineData("Really...? Okay.", 1)]
    [InlineData("We ship weekly.", 0)]
    [InlineData("What a great idea!", 0)]
    [InlineData("How we price it is simple.", 0)]
    [InlineData("Who decides. When.", 0)]
    [InlineData("?", 0)]
    public void Sentences_ending_with_a_question_mark_are_questions(string text, int expected)
    {
        Questions(text).Should().Be(expected);
    }

    [Theory]
    [InlineData("what is your budget", 1)]
    [InlineData("so um how many people use it", 1)]
    [InlineData("and do you have a contract", 1)]
    [InlineData("what is the price\nand who decides", 2)]
    [InlineData("we have ten people", 0)]
    [InlineData("okay so we start monday", 0)]
    [InlineData("whatever works", 0)]
    public void Without_punctuation_a_sentence_opening_with_a_question_word_is_a_question(string text, int expected)
    {
        Questions(text).Should().Be(expected);
    }

    [Fact]
    public void Questions_add_up_across_turns_and_only_the_trainee_counts()
    {
        var kpis = ConversationAnalyzer.Analyze(
        [
            Turn.User("What do you use today?", 0, 2000),
            Turn.Ai("Why do you ask? What do you sell?", 2000, 4000),
            Turn.User("Fair. How many trucks? Which regions", 4000, 6000),
        ]);

        // 1 + 1 ('?') + 1 ("Which regions": no end mark, opens with a question word).
        kpis.QuestionsAsked.Should().Be(3);
    }

    [Fact]
    public void Numbers_with_points_do_not_end_sentences()
    {
        // "3.5" is one word; the only sentence ends with '?'.
        var kpis = ConversationAnalyzer.Analyze([Turn.User("Is 3.5 percent fair?", 0, 2000)]);

        kpis.QuestionsAsked.Should().Be(1);
        kpis.TraineeWordCount.Should().Be(4);
    }
}
