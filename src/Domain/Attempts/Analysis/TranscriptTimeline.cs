namespace VoiceTraining.Domain.Attempts.Analysis;

/// <summary>Who said a turn.</summary>
internal enum Speaker : byte
{
    None,
    Trainee,
    Ai,
}

/// <summary>A kept transcript turn with its resolved start and end, in ms from call start.</summary>
internal readonly record struct TimedTurn(int Index, Speaker Speaker, long Start, long End, string Text);

/// <summary>
/// Puts a transcript in time order and gives every turn a duration.
/// <list type="bullet">
/// <item>Roles: <c>user</c> is the trainee; <c>assistant</c> (also <c>bot</c> and <c>ai</c>, as some provider
/// message formats name it) is the AI buyer; comparison is case-insensitive. Turns of any other role
/// (system, tool, …) and turns whose text is empty or white space are ignored entirely.</item>
/// <item>Order: by <see cref="TranscriptTurn.TimestampMs"/>; turns with the same start keep their order in the input.</item>
/// <item>Duration: a turn ends at its <see cref="TranscriptTurn.EndMs"/> when that is after its start. Without a
/// usable EndMs it ends where the next kept turn (of either speaker) starts. The last turn without a
/// usable EndMs is estimated from its word count at 150 words per minute (400 ms a word), and when the
/// call duration is known that estimate ends no later than the call does (and never before the turn starts).</item>
/// </list>
/// </summary>
internal static class TranscriptTimeline
{
    /// <summary>The speaking rate that estimates the last turn's length.</summary>
    public const double EstimatedWordsPerMinute = 150;

    private const double MsPerEstimatedWord = 60_000 / EstimatedWordsPerMinute;

    private static readonly Comparison<TimedTurn> ByStart = static (a, b) =>
        a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.Index.CompareTo(b.Index);

    public static Speaker SpeakerOf(string? role)
    {
        if (role is null) return Speaker.None;
        var r = role.AsSpan().Trim();
        if (r.Equals("user", StringComparison.OrdinalIgnoreCase)) return Speaker.Trainee;
        if (r.Equals("assistant", StringComparison.OrdinalIgnoreCase) || r.Equals("bot", StringComparison.OrdinalIgnoreCase)
            || r.Equals("ai", StringComparison.OrdinalIgnoreCase))
            return Speaker.Ai;
        return Speaker.None;
    }

    /// <summary>The kept turns (only <paramref name="only"/>'s, unless None) in time order, with End still unset (equal to Start).</summary>
    public static TimedTurn[] Order(IReadOnlyList<TranscriptTurn> turns, Speaker only = Speaker.None)
    {
        var count = 0;
        for (var i = 0; i < turns.Count; i++)
            if (Keeps(turns[i], only) != Speaker.None) count++;
        var kept = new TimedTurn[count];
        var n = 0;
        for (var i = 0; i < turns.Count && n < count; i++)
        {
            var t = turns[i];
            var speaker = Keeps(t, only);
            if (speaker != Speaker.None) kept[n++] = new TimedTurn(i, speaker, t.TimestampMs, t.TimestampMs, t.Text);
        }
        // Providers send turns in order: sort only when they are not.
        for (var k = 1; k < kept.Length; k++)
        {
            if (kept[k - 1].Start <= kept[k].Start) continue;
            Array.Sort(kept, ByStart);
            break;
        }
        return kept;
    }

    /// <summary>The turn's speaker when the turn is kept, else None.</summary>
    private static Speaker Keeps(TranscriptTurn? turn, Speaker only)
    {
        if (turn is null || string.IsNullOrWhiteSpace(turn.Text)) return Speaker.None;
        var speaker = SpeakerOf(turn.Role);
        return only == Speaker.None || speaker == only ? speaker : Speaker.None;
    }

    /// <summary>The kept turns in time order with their ends resolved as described on the class.</summary>
    public static TimedTurn[] Build(IReadOnlyList<TranscriptTurn> turns, long? callDurationMs)
    {
        var ordered = Order(turns);
        for (var k = 0; k < ordered.Length; k++)
        {
            var turn = ordered[k];
            var endMs = turns[turn.Index].EndMs;
            long end;
            if (endMs is long e && e > turn.Start)
                end = e;
            else if (k + 1 < ordered.Length)
                end = ordered[k + 1].Start; // never before Start: the turns are sorted by start.
            else
            {
                var estimate = (long)Math.Round(TraineeSpeech.CountWords(turn.Text) * MsPerEstimatedWord, MidpointRounding.AwayFromZero);
                end = turn.Start + estimate;
                if (callDurationMs is long call) end = Math.Max(turn.Start, Math.Min(end, call));
            }
            ordered[k] = turn with { End = end };
        }
        return ordered;
    }
}
