using VoiceTraining.Domain.Attempts.Analysis;

namespace VoiceTraining.UnitTests.Domain.Analysis;

public class SuccessEvaluationTests
{
    [Theory]
    [InlineData("true", 100)]
    [InlineData("TRUE", 100)]
    [InlineData(" \"true\" ", 100)]
    [InlineData("false", 0)]
    [InlineData("yes", 100)]
    [InlineData("no", 0)]
    [InlineData("Pass", 100)]
    [InlineData("passed.", 100)]
    [InlineData("Fail", 0)]
    [InlineData("Not met", 0)]
    [InlineData("0", 0)]
    [InlineData("1", 10)]
    [InlineData("8", 80)]
    [InlineData("8.5", 85)]
    [InlineData("10", 100)]
    [InlineData("10.5", 11)]   // above 10: a percentage, rounded
    [InlineData("85", 85)]
    [InlineData("100", 100)]
    [InlineData("85%", 85)]
    [InlineData("7/10", 70)]
    [InlineData("7 / 10", 70)]
    [InlineData("3 out of 4", 75)]
    [InlineData("4/5", 80)]
    [InlineData("2/3", 67)]
    [InlineData("A+", 100)]
    [InlineData("a", 95)]
    [InlineData("A-", 90)]
    [InlineData("A\u2212", 90)]
    [InlineData("B+", 88)]
    [InlineData("B", 85)]
    [InlineData("B-", 80)]
    [InlineData("C+", 78)]
    [InlineData("C", 75)]
    [InlineData("C-", 70)]
    [InlineData("D+", 68)]
    [InlineData("D", 65)]
    [InlineData("D-", 60)]
    [InlineData("F", 0)]
    [InlineData("Excellent", 100)]
    [InlineData("Good", 75)]
    [InlineData("Fair", 50)]
    [InlineData("Poor", 25)]
    [InlineData("Strongly agree", 100)]
    [InlineData("Agree", 75)]
    [InlineData("Neutral", 50)]
    [InlineData("Disagree", 25)]
    [InlineData("strongly  disagree", 0)]
    public void Provider_verdicts_read_as_scores(string verdict, int expected)
    {
        SuccessEvaluation.TryReadScore(verdict, out var score).Should().BeTrue();
        score.Should().Be(expected);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("maybe")]
    [InlineData("-1")]
    [InlineData("101")]
    [InlineData("150%")]
    [InlineData("11/10")]
    [InlineData("3/0")]
    [InlineData("E")]
    [InlineData("8,5")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    public void Anything_else_is_not_read(string? verdict)
    {
        SuccessEvaluation.TryReadScore(verdict, out var score).Should().BeFalse();
        score.Should().Be(0);
    }

    [Fact]
    public void The_pass_mark_is_70()
    {
        SuccessEvaluation.PassMark.Should().Be(70);
    }
}
