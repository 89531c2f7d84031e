using BenchmarkDotNet.Attributes;
using VoiceTraining.Domain.Attempts;
using VoiceTraining.Domain.Attempts.Analysis;
using VoiceTraining.Domain.Scenarios;

namespace VoiceTraining.Bench.Kpis;

/// <summary>Analyze + Score of a 60-minute, 600-turn call against a five-criterion rubric.</summary>
[ShortRunJob]
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class AnalysisBenchmarks
{
    private List<TranscriptTurn> _turns = [];
    private ConversationKpis _kpis = new();

    private static readonly List<RubricCriterion> Rubric =
    [
        new() { Name = "Talk ratio", Kind = CriterionKind.KpiRange, Kpi = KpiMetric.TalkRatio, Min = 40, Max = 50, Weight = 2 },
        new() { Name = "Next steps", Kind = CriterionKind.RequiredPhrases, Phrases = ["next steps", "follow-up meeting", "calendar invite"], Weight = 3 },
        new() { Name = "No hedging", Kind = CriterionKind.ForbiddenPhrases, Phrases = ["to be honest", "guarantee"] },
        new() { Name = "Discovery", Kind = CriterionKind.MinimumQuestions, Min = 11, Weight = 2 },
        new() { Name = "Objections", Kind = CriterionKind.ModelEvaluation, Instructions = "Judge the objection handling.", Weight = 2 },
    ];

    private static readonly CallAnalysis Analysis = new() { SuccessEvaluation = "8", Summary = "A long discovery call." };

    [GlobalSetup]
    public void Setup()
    {
        _turns = TranscriptGenerator.Generate();
        _kpis = ConversationAnalyzer.Analyze(_turns, 3600);
    }

    [Benchmark]
    public ConversationKpis Analyze() => ConversationAnalyzer.Analyze(_turns, 3600);

    [Benchmark]
    public ScoreResult Score() => RubricScorer.Score(Rubric, _turns, _kpis, Analysis);

    [Benchmark(Baseline = true)]
    public ScoreResult AnalyzeAndScore() => RubricScorer.Score(Rubric, _turns, ConversationAnalyzer.Analyze(_turns, 3600), Analysis);
}
