using VoiceTraining.Domain.Attempts;

namespace VoiceTraining.Bench.Kpis;

/// <summary>
/// A synthetic sales call: alternating speakers (the AI buyer first), sentences with fillers and
/// questions, most turns with end times, stretched to the requested length. Seeded, so every run
/// measures the same transcript.
/// </summary>
public static class TranscriptGenerator
{
    private static readonly string[] TraineeSentences =
    [
        "Thanks for taking the time to speak with me today.",
        "So, what does your current process look like?",
        "Um, how many people are involved in that decision?",
        "I mean, that sounds like it takes a lot of manual work.",
        "What would it mean for your team if that went away?",
        "We basically help companies like yours cut that time in half.",
        "Could you walk me through what happens when a shipment is late?",
        "You know, a lot of our customers said the same thing before they switched.",
        "How are you measuring success for this project today?",
        "Actually, let me make sure I understood that correctly.",
        "Uh, what budget have you set aside for this, roughly?",
        "Right, and who else should be part of this conversation?",
        "To be honest, the integration usually takes about two weeks.",
        "Like, the reporting is kind of where most teams see the value first.",
        "Is there anything that would stop you from moving forward this quarter?",
        "Our onboarding team handles the data migration for you.",
        "When does your current contract with the vendor end?",
        "That makes sense, and I appreciate you sharing it.",
        "Hmm, so the main concern is the cost of switching, right?",
        "Would it help if I sent over a short case study from a similar customer?",
    ];

    private static readonly string[] BuyerSentences =
    [
        "We have about forty people on the operations team.",
        "Honestly, the spreadsheets are getting out of hand.",
        "Our contract with the current vendor ends in March.",
        "I'm not sure the budget is there this year.",
        "What makes you different from the other tools we looked at?",
        "The finance director would need to sign off on anything over fifty thousand.",
        "Late shipments cost us a few customers last quarter.",
        "We tried something similar two years ago and it didn't stick.",
        "How long does implementation usually take?",
        "That's interesting, tell me more about the reporting.",
        "I'd want to see it working with our own data first.",
        "We measure on-time delivery and cost per shipment, mostly.",
    ];

    private const string Closing = "Great, so the next steps are a demo on Thursday and I will follow up with the proposal.";

    /// <summary>A call of <paramref name="turns"/> turns lasting <paramref name="minutes"/> minutes.</summary>
    public static List<TranscriptTurn> Generate(int turns = 600, double minutes = 60, int seed = 20_260_122)
    {
        var random = new Random(seed);
        var list = new List<TranscriptTurn>(turns);
        long time = 0;
        for (var i = 0; i < turns; i++)
        {
            var trainee = i % 2 == 1;
            var pool = trainee ? TraineeSentences : BuyerSentences;
            var sentences = 1 + random.Next(3);
            var text = string.Join(' ', Enumerable.Range(0, sentences).Select(_ => pool[random.Next(pool.Length)]));
            if (trainee && i >= turns - 2) text = Closing;
            var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            var duration = (long)(words * 60_000.0 / (140 + random.Next(40)));
            var turn = new TranscriptTurn
            {
                Role = trainee ? "user" : "assistant",
                Text = text,
                TimestampMs = time,
                // One turn in ten comes without an end time.
                EndMs = random.Next(10) == 0 ? null : time + duration,
            };
            list.Add(turn);
            // Pauses of 0.2–1.5 s, and now and then an interruption (the next turn starts 0.5 s early).
            time += duration + (random.Next(12) == 0 ? -500 : 200 + random.Next(1300));
        }

        // Stretch the call to the requested length.
        var last = list[^1];
        var end = last.EndMs ?? last.TimestampMs + 3000;
        var scale = minutes * 60_000 / end;
        foreach (var turn in list)
        {
            turn.TimestampMs = (long)(turn.TimestampMs * scale);
            if (turn.EndMs is long e) turn.EndMs = (long)(e * scale);
        }
        return list;
    }
}
