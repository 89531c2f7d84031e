using BenchmarkDotNet.Running;
using VoiceTraining.Bench.Kpis;
using VoiceTraining.Domain.Attempts.Analysis;

if (args.Contains("--describe"))
{
    // What the benchmark measures, without timing it.
    var turns = TranscriptGenerator.Generate();
    var kpis = ConversationAnalyzer.Analyze(turns, 3600);
    Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(kpis, new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    var bench = new AnalysisBenchmarks();
    bench.Setup();
    var result = bench.AnalyzeAndScore();
    Console.WriteLine($"Score {result.Score}: {result.Summary}");
    foreach (var c in result.Criteria) Console.WriteLine($"  {c.Name}: {c.Score} ({c.Feedback})");
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(AnalysisBenchmarks).Assembly).Run(args);
