using VoiceTraining.Domain.Attempts.Analysis;
using VoiceTraining.Domain.Scenarios;

namespace VoiceTraining.UnitTests.Domain.Analysis;

public class KpiBenchmarksTests
{
    [Fact]
    public void Every_metric_has_a_band_with_a_source()
    {
        KpiBenchmarks.All.Select(b => b.Metric).Should().Equal(Enum.GetValues<KpiMetric>());
        foreach (var metric in Enum.GetValues<KpiMetric>())
        {
            var band = KpiBenchmarks.For(metric);
            band.Metric.Should().Be(metric);
            band.Source.Should().NotBeNullOrWhiteSpace();
            (band.Min is not null || band.Max is not null).Should().BeTrue();
        }
    }

    [Fact]
    public void The_bands_are_the_published_ones()
    {
        KpiBenchmarks.TalkRatio.Target.Should().Be(43);
        (KpiBenchmarks.TalkRatio.Min, KpiBenchmarks.TalkRatio.Max).Should().Be((40, 50));
        KpiBenchmarks.FillerWordsPerMinute.Max.Should().Be(1);
        (KpiBenchmarks.WordsPerMinute.Min, KpiBenchmarks.WordsPerMinute.Max).Should().Be((110, 175));
        KpiBenchmarks.LongestMonologueSeconds.Max.Should().Be(76);
        (KpiBenchmarks.QuestionsAsked.Min, KpiBenchmarks.QuestionsAsked.Max).Should().Be((11, 14));
        (KpiBenchmarks.PatienceSeconds.Min, KpiBenchmarks.PatienceSeconds.Max).Should().Be((0.6, 1.0));
    }

    [Theory]
    [InlineData(75.9, true)]
    [InlineData(76, true)]
    [InlineData(76.1, false)]
    public void A_band_contains_its_bounds(double seconds, bool inside)
    {
        KpiBenchmarks.LongestMonologueSeconds.Contains(seconds).Should().Be(inside);
    }

    [Fact]
    public void An_unknown_metric_has_no_band()
    {
        var act = () => KpiBenchmarks.For((KpiMetric)42);
        act.Should().Throw<ArgumentOutOfRangeException>();
    }
}
