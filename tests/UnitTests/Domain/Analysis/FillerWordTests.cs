using VoiceTraining.Domain.Attempts.Analysis;

namespace VoiceTraining.UnitTests.Domain.Analysis;

public class FillerWordTests
{
    /// <summary>The fillers of one trainee turn lasting 60 s, as "word×count" in report order.</summary>
    private static string[] Fillers(string text)
    {
        var kpis = ConversationAnalyzer.Analyze([Turn.User(text, 0, 60_000)]);
        kpis.FillerWordCount.Should().Be(kpis.FillerWords.Sum(f => f.Count));
        return kpis.FillerWords.Select(f => $"{f.Word}×{f.Count}").ToArray();
    }

    [Fact]
    public void Hesitations_are_counted()
    {
        Fillers("Um, I think, uh, we could start. Er, ah, erm, hmm.")
            .Should().Equal("ah×1", "er×1", "erm×1", "hmm×1", "uh×1", "um×1");
    }

    [Fact]
    public void Stretched_hesitations_count_as_their_word()
    {
        // ummm and uhm → um; uhh → uh; err → er; ahh → ah; hm and hmmm → hmm.
        Fillers("Ummm. Uhm. Uhh. Err. Ahh. Hm. Hmmm.").Should().Equal("hmm×2", "um×2", "ah×1", "er×1", "uh×1");
    }

    [Theory]
    [InlineData("We could bring an umbrella.")]
    [InlineData("It is likely that we can help.")]
    [InlineData("The summary is ready; the errand is done; ahead of schedule.")]
    [InlineData("Humm, the hummus shop, the ermine coat, the uhlan.")]
    [InlineData("Actual numbers, basic plan, literal meaning.")]
    public void Fillers_are_whole_words_only(string text)
    {
        Fillers(text).Should().BeEmpty();
    }

    [Fact]
    public void Matching_ignores_case()
    {
        Fillers("LIKE, BASICALLY, it is ACTUALLY, LITERALLY, You Know, fine.")
            .Should().Equal("actually×1", "basically×1", "like×1", "literally×1", "you know×1");
    }

    [Theory]
    [InlineData("I like this plan.")]
    [InlineData("We would like to start in May.")]
    [InlineData("I\u2019d like that.")]
    [InlineData("It looks like a good fit and sounds like fun.")]
    [InlineData("Do you like it? They really like it.")]
    [InlineData("Something like that.")]
    public void Like_as_a_verb_or_comparison_is_not_a_filler(string text)
    {
        Fillers(text).Should().BeEmpty();
    }

    [Theory]
    [InlineData("I, like, think it works.", 1)]
    [InlineData("Like, we could start now.", 1)]
    [InlineData("It was like huge, like really huge.", 2)]
    public void Like_as_a_filler_is_counted(string text, int count)
    {
        Fillers(text).Should().Equal($"like×{count}");
    }

    [Fact]
    public void Multi_word_fillers_are_counted_once_each()
    {
        Fillers("You know, it is, I mean, sort of expensive, kind of.")
            .Should().Equal("i mean×1", "kind of×1", "sort of×1", "you know×1");
    }

    [Theory]
    [InlineData("Do you know the price?")]
    [InlineData("I will let you know tomorrow.")]
    [InlineData("What kind of budget do you have?")]
    [InlineData("Which sort of contract suits you?")]
    [InlineData("What I mean is simple.")]
    [InlineData("Thank you. Know that we care.")]
    [InlineData("Thank you, know that we care.")]
    [InlineData("Sort, of course, the list.")]
    public void Ordinary_uses_of_filler_phrases_are_not_fillers(string text)
    {
        Fillers(text).Should().BeEmpty();
    }

    [Fact]
    public void Right_counts_only_as_a_standalone_tag_question()
    {
        // "plan, right?" and "Right?" are tags; "Is that right?", "all right?" and "right away" are not.
        Fillers("That's the plan, right? Right? Is that right? Sounds all right? Right away.").Should().Equal("right?×2");
    }

    [Fact]
    public void So_counts_only_at_the_start_of_a_sentence()
    {
        // "So what…" (turn start) and "So." after a full stop; not "so happy" or "and so on".
        Fillers("So what is your budget? We are so happy and so on. So.").Should().Equal("so×2");
    }

    [Fact]
    public void So_after_a_line_break_starts_a_sentence()
    {
        Fillers("okay\nso we begin").Should().Equal("so×1");
    }

    [Fact]
    public void Fillers_per_minute_use_the_trainee_speaking_time()
    {
        // The trainee speaks 30 s (0 → 30000) with 2 fillers: 4 per minute; the AI's 90 s and fillers do not count.
        var kpis = ConversationAnalyzer.Analyze(
        [
            Turn.User("So, um, we ship weekly.", 0, 30_000),
            Turn.Ai("Um, basically, like, okay, um.", 30_000, 120_000),
        ]);

        kpis.FillerWordCount.Should().Be(2);
        kpis.FillerWordsPerMinute.Should().Be(4);
        kpis.FillerWords.Select(f => f.Word).Should().Equal("so", "um");
    }

    [Fact]
    public void The_list_is_ordered_by_count_then_word()
    {
        Fillers("Um. Like, um. Uh, like, um.").Should().Equal("um×3", "like×2", "uh×1");
    }

    [Fact]
    public void The_filler_list_is_published()
    {
        FillerWords.All.Should().Equal(
            "um", "uh", "er", "ah", "erm", "hmm", "like", "you know", "i mean", "basically", "actually", "literally", "sort of", "kind of", "right?", "so");
    }
}
