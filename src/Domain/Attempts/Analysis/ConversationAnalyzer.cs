using System.Globalization;

namespace VoiceTraining.Domain.Attempts.Analysis;

/// <summary>
/// Computes <see cref="ConversationKpis"/> from a call's transcript. Pure and deterministic: no clock,
/// no randomness, no culture; the same turns always give the same KPIs. Definitions (also in docs/kpis.md):
/// <list type="bullet">
/// <item>Turns: see <see cref="TranscriptTimeline"/> (roles, ignored turns, ordering). A turn lasts from its
/// TimestampMs to its EndMs when the provider gives an EndMs after the start; otherwise to the start of the
/// next turn; the last turn without EndMs is estimated at 150 words per minute, ending no later than the call
/// when the call duration is known.</item>
/// <item>Speaking time: per speaker, the union of that speaker's turn intervals, so overlapping turns of the
/// same speaker count once; when the trainee and the AI overlap, both are speaking.</item>
/// <item>Call duration: <c>callDurationSeconds</c> when given, finite and positive; otherwise the
/// latest turn end (ms from call start), and 0 for an empty transcript.</item>
/// <item>Monologues and switches: consecutive turns of the same speaker merge into one stretch lasting from its
/// first start to its latest end. The longest trainee stretch is the longest monologue; every change of speaker
/// between stretches is a switch.</item>
/// <item>Patience: for every trainee stretch that follows an AI stretch, the pause from the AI stretch's end to
/// the trainee's start; only positive pauses are averaged. A turn whose end was taken from the next turn's start
/// leaves no pause, so patience needs end times (EndMs). Interruptions: trainee turns that start before the end
/// of an AI turn that started earlier.</item>
/// <item>Rates: words and fillers per minute of the trainee's own speaking time; switches per minute of call.</item>
/// </list>
/// </summary>
public static class ConversationAnalyzer
{
    /// <summary>Analyses <paramref name="turns"/>. <paramref name="callDurationSeconds"/> is the provider's call length, if known.</summary>
    public static ConversationKpis Analyze(IReadOnlyList<TranscriptTurn> turns, double? callDurationSeconds = null)
    {
        ArgumentNullException.ThrowIfNull(turns);
        long? callMs = callDurationSeconds is double d && double.IsFinite(d) && d > 0
            ? (long)Math.Round(d * 1000, MidpointRounding.AwayFromZero)
            : null;
        var timeline = TranscriptTimeline.Build(turns, callMs);

        int traineeTurns = 0, aiTurns = 0, interruptions = 0, words = 0, questions = 0, fillers = 0;
        long traineeMs = 0, aiMs = 0, traineeCovered = long.MinValue, aiCovered = long.MinValue;
        long latestEnd = 0, latestAiEnd = long.MinValue;
        var fillerCounts = new int[TraineeSpeech.FillerCount];
        var tokens = new List<TraineeSpeech.Token>(64);

        // Stretches of consecutive same-speaker turns.
        var stretchSpeaker = Speaker.None;
        long stretchStart = 0, stretchEnd = 0, longestMonologueMs = 0, pauseTotalMs = 0;
        int switches = 0, pauses = 0;

        foreach (var turn in timeline)
        {
            latestEnd = Math.Max(latestEnd, turn.End);

            if (turn.Speaker == Speaker.Trainee)
            {
                traineeTurns++;
                traineeMs += Uncovered(turn, ref traineeCovered);
                if (turn.Start < latestAiEnd) interruptions++;
                questions += TraineeSpeech.Scan(turn.Text, tokens);
                words += tokens.Count;
                fillers += TraineeSpeech.CountFillers(turn.Text, tokens, fillerCounts);
            }
            else
            {
                aiTurns++;
                aiMs += Uncovered(turn, ref aiCovered);
                latestAiEnd = Math.Max(latestAiEnd, turn.End);
            }

            if (turn.Speaker == stretchSpeaker)
            {
                stretchEnd = Math.Max(stretchEnd, turn.End);
                continue;
            }
            if (stretchSpeaker == Speaker.Trainee) longestMonologueMs = Math.Max(longestMonologueMs, stretchEnd - stretchStart);
            if (stretchSpeaker != Speaker.None)
            {
                switches++;
                if (stretchSpeaker == Speaker.Ai && turn.Speaker == Speaker.Trainee && turn.Start > stretchEnd)
                {
                    pauseTotalMs += turn.Start - stretchEnd;
                    pauses++;
                }
            }
            stretchSpeaker = turn.Speaker;
            stretchStart = turn.Start;
            stretchEnd = turn.End;
        }
        if (stretchSpeaker == Speaker.Trainee) longestMonologueMs = Math.Max(longestMonologueMs, stretchEnd - stretchStart);

        var callSeconds = callMs is long c ? c / 1000.0 : latestEnd / 1000.0;
        var traineeMinutes = traineeMs / 60_000.0;
        var traineeShare = traineeMs + aiMs > 0 ? Round(100.0 * traineeMs / (traineeMs + aiMs), 1) : 0;
        var traineeWhole = (int)Math.Round(traineeShare, MidpointRounding.AwayFromZero);

        return new ConversationKpis
        {
            CallDurationSeconds = Round(callSeconds, 2),
            TurnCount = timeline.Length,
            TraineeTurnCount = traineeTurns,
            AiTurnCount = aiTurns,
            TraineeTalkSeconds = Round(traineeMs / 1000.0, 2),
            AiTalkSeconds = Round(aiMs / 1000.0, 2),
            TraineeSharePercent = traineeShare,
            AiSharePercent = traineeMs + aiMs > 0 ? Round(100 - traineeShare, 1) : 0,
            TalkListenRatio = traineeMs + aiMs > 0
                ? string.Create(CultureInfo.InvariantCulture, $"{traineeWhole}:{100 - traineeWhole}")
                : "0:0",
            TraineeWordCount = words,
            WordsPerMinute = traineeMinutes > 0 ? Round(words / traineeMinutes, 1) : 0,
            FillerWordCount = fillers,
            FillerWordsPerMinute = traineeMinutes > 0 ? Round(fillers / traineeMinutes, 2) : 0,
            FillerWords = FillerList(fillerCounts),
            LongestMonologueSeconds = Round(longestMonologueMs / 1000.0, 2),
            QuestionsAsked = questions,
            SpeakerSwitches = switches,
            SwitchesPerMinute = callSeconds > 0 ? Round(switches / (callSeconds / 60), 2) : 0,
            PatienceSeconds = pauses > 0 ? Round(pauseTotalMs / 1000.0 / pauses, 2) : 0,
            PatienceSamples = pauses,
            Interruptions = interruptions,
        };
    }

    /// <summary>The part of <paramref name="turn"/> not yet covered by the speaker's earlier turns, in ms; advances the coverage.</summary>
    private static long Uncovered(TimedTurn turn, ref long coveredUntil)
    {
        var from = Math.Max(turn.Start, coveredUntil);
        var added = Math.Max(0, turn.End - from);
        coveredUntil = Math.Max(coveredUntil, turn.End);
        return added;
    }

    private static List<FillerWordCount> FillerList(int[] counts)
    {
        var list = new List<FillerWordCount>();
        for (var i = 0; i < counts.Length; i++)
            if (counts[i] > 0) list.Add(new FillerWordCount { Word = TraineeSpeech.FillerNames[i], Count = counts[i] });
        list.Sort(static (a, b) => a.Count != b.Count ? b.Count.CompareTo(a.Count) : string.CompareOrdinal(a.Word, b.Word));
        return list;
    }

    internal static double Round(double value, int decimals) =>
        double.IsFinite(value) ? Math.Round(value, decimals, MidpointRounding.AwayFromZero) : 0;
}
