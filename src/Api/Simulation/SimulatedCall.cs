using System.Globalization;
using System.Text.Json;
using VoiceTraining.Application.Scenarios;
using VoiceTraining.Domain.Scenarios;

namespace VoiceTraining.Api.Simulation;

/// <summary>
/// Local mode's stand-in for a live call: a plausible conversation for the scenario, sent as the
/// voice provider's own end-of-call report so the real webhook path handles it.
/// </summary>
internal static class SimulatedCall
{
    /// <summary>A conversation that touches the scenario's rubric, varied by the attempt id (so runs differ but replay the same).</summary>
    public static IReadOnlyList<(string Role, string Text)> Script(ScenarioDto scenario, Guid attemptId)
    {
        var random = new Random(BitConverter.ToInt32(attemptId.ToByteArray(), 12));
        var required = scenario.Rubric.Where(c => c.Kind == CriterionKind.RequiredPhrases && c.Phrases.Count > 0)
            .Select(c => c.Phrases[random.Next(c.Phrases.Count)]).ToList();
        var buyer = scenario.PersonaName.Split(',')[0];
        var lines = new List<(string, string)>
        {
            ("assistant", $"Hello, this is {buyer}."),
            ("user", $"Hi {buyer}, thanks for picking up. Um, I'm calling about {scenario.Title.ToLowerInvariant()}. Do you have a couple of minutes?"),
            ("assistant", "I suppose so, but I'm a bit busy. What is this about?"),
            ("user", "I understand, I'll keep it short. What matters most to you right now when you look at options like ours?"),
            ("assistant", "Honestly the cost. Everyone promises low rates and then the fees pile up."),
            ("user", "That makes sense. How are you comparing offers at the moment, and what would a good outcome look like for you?"),
            ("assistant", "I'm looking at total cost over five years, and I want someone who answers the phone."),
            ("user", "So, basically, you want predictable costs and a responsive partner. Is that fair?"),
            ("assistant", "Yes, that's about right."),
        };
        foreach (var phrase in required)
        {
            lines.Add(("user", $"Would it help if we talked about the {phrase} today?"));
            lines.Add(("assistant", random.Next(2) == 0 ? "That could work." : "Maybe, tell me more."));
        }
        lines.Add(("user", "Great. I'll send a short summary and we can pick a time that suits you. Does Thursday work?"));
        lines.Add(("assistant", "Thursday afternoon works. Thanks for keeping it short."));
        return lines;
    }

    /// <summary>The provider's end-of-call-report for the script, timed at about 150 words a minute with short pauses.</summary>
    public static string EndOfCallReport(ScenarioDto scenario, Guid attemptId, IReadOnlyList<(string Role, string Text)> script,
        DateTimeOffset endedAt, string recordingUrl)
    {
        var messages = new List<object>();
        double t = 0.8;
        var timed = new List<(string Role, string Text, double Start, double End)>();
        foreach (var (role, text) in script)
        {
            var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            var seconds = Math.Round(words / 2.5, 2);
            timed.Add((role, text, t, t + seconds));
            t += seconds + (role == "assistant" ? 0.9 : 0.6);
        }
        var startedAt = endedAt.AddSeconds(-Math.Ceiling(t));
        var origin = startedAt.ToUnixTimeMilliseconds();
        foreach (var (role, text, start, end) in timed)
        {
            messages.Add(new Dictionary<string, object>
            {
                ["role"] = role == "assistant" ? "bot" : "user",
                ["message"] = text,
                ["time"] = origin + (long)(start * 1000),
                ["endTime"] = origin + (long)(end * 1000),
                ["secondsFromStart"] = start,
                ["duration"] = (long)((end - start) * 1000),
            });
        }

        var report = new Dictionary<string, object>
        {
            ["message"] = new Dictionary<string, object?>
            {
                ["type"] = "end-of-call-report",
                ["endedReason"] = "customer-ended-call",
                ["timestamp"] = endedAt.ToUnixTimeMilliseconds(),
                ["startedAt"] = startedAt.ToString("O", CultureInfo.InvariantCulture),
                ["endedAt"] = endedAt.ToString("O", CultureInfo.InvariantCulture),
                ["call"] = new Dictionary<string, object>
                {
                    ["id"] = $"sim_{attemptId:N}",
                    ["type"] = "webCall",
                    ["metadata"] = new Dictionary<string, object> { ["scenario_id"] = scenario.Id, ["attempt_id"] = attemptId },
                },
                ["artifact"] = new Dictionary<string, object>
                {
                    ["messages"] = messages,
                    ["recording"] = new Dictionary<string, object> { ["mono"] = new Dictionary<string, object> { ["combinedUrl"] = recordingUrl } },
                },
                ["analysis"] = new Dictionary<string, object>
                {
                    ["summary"] = $"Simulated practice call for \"{scenario.Title}\".",
                    ["successEvaluation"] = "true",
                },
            },
        };
        return JsonSerializer.Serialize(report);
    }

    /// <summary>A short WAV (a soft two-tone chime, 8 kHz mono) standing in for the provider's recording.</summary>
    public static byte[] SampleRecording()
    {
        const int rate = 8000;
        const int seconds = 6;
        var samples = rate * seconds;
        using var stream = new MemoryStream(44 + samples * 2);
        using var w = new BinaryWriter(stream);
        w.Write("RIFF"u8);
        w.Write(36 + samples * 2);
        w.Write("WAVEfmt "u8);
        w.Write(16);
        w.Write((short)1);
        w.Write((short)1);
        w.Write(rate);
        w.Write(rate * 2);
        w.Write((short)2);
        w.Write((short)16);
        w.Write("data"u8);
        w.Write(samples * 2);
        for (var i = 0; i < samples; i++)
        {
            var time = (double)i / rate;
            var frequency = (int)time % 2 == 0 ? 440.0 : 554.37;
            var envelope = Math.Sin(Math.PI * (time % 1.0));
            w.Write((short)(Math.Sin(2 * Math.PI * frequency * time) * envelope * 6000));
        }
        w.Flush();
        return stream.ToArray();
    }
}
