using System.Buffers;
using System.Text;

namespace VoiceTraining.Domain.Attempts.Analysis;

/// <summary>
/// Finds phrases in what the trainee said, ignoring case and punctuation, by whole words. Text and phrases are
/// normalised the same way: lower-cased; apostrophes dropped ("don't" → "dont"); every other character that is
/// not a letter or digit separates words ("follow-up" → "follow up"); runs of separators become one space.
/// A phrase matches where its normalised words appear as whole words of one trainee turn.
/// </summary>
internal sealed class PhraseMatcher : IDisposable
{
    /// <summary>Longest quotation, in characters (an ellipsis marks a cut).</summary>
    public const int MaxQuoteLength = 120;

    private readonly TimedTurn[] _turns;
    private readonly int[] _offsets;
    private char[] _buffer;
    private readonly int _length;

    /// <param name="Position">Where the match starts in the combined normalised text (earlier in the call is smaller).</param>
    /// <param name="Turn">Index of the trainee turn.</param>
    /// <param name="Needle">The padded normalised phrase.</param>
    public readonly record struct Match(int Position, int Turn, string Needle);

    private PhraseMatcher(TimedTurn[] turns, int[] offsets, char[] buffer, int length)
    {
        _turns = turns;
        _offsets = offsets;
        _buffer = buffer;
        _length = length;
    }

    private ReadOnlySpan<char> Text => _buffer.AsSpan(0, _length);

    /// <summary>
    /// The trainee's turns in call order, each normalised and padded with spaces, separated by line breaks
    /// (a padded needle holds no line break, so a match never spans two turns). The text lives in a pooled
    /// buffer: dispose the matcher to return it.
    /// </summary>
    public static PhraseMatcher ForTrainee(IReadOnlyList<TranscriptTurn> turns)
    {
        var trainee = TranscriptTimeline.Order(turns, Speaker.Trainee);
        var offsets = new int[trainee.Length];
        var capacity = 1;
        foreach (var t in trainee) capacity += t.Text.Length + 3;
        var buffer = ArrayPool<char>.Shared.Rent(capacity);
        var length = 0;
        for (var i = 0; i < trainee.Length; i++)
        {
            buffer[length++] = '\n';
            offsets[i] = length;
            length += Normalize(trainee[i].Text, buffer.AsSpan(length), null);
        }
        buffer[length++] = '\n';
        return new PhraseMatcher(trainee, offsets, buffer, length);
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0) ArrayPool<char>.Shared.Return(buffer);
    }

    /// <summary>The phrase's padded normalised form (" follow up "), or null when it has no letters or digits.</summary>
    public static string? Needle(string? phrase)
    {
        if (string.IsNullOrWhiteSpace(phrase)) return null;
        Span<char> buffer = phrase.Length <= 254 ? stackalloc char[phrase.Length + 2] : new char[phrase.Length + 2];
        var length = Normalize(phrase, buffer, null);
        return length > 2 ? new string(buffer[..length]) : null;
    }

    /// <summary>
    /// Writes " words of text " (lower-case, single spaces) to <paramref name="destination"/>, which holds at least
    /// text.Length + 2 characters, and returns the count; <paramref name="map"/> gets each written character's source index.
    /// </summary>
    private static int Normalize(string text, Span<char> destination, List<int>? map)
    {
        var n = 0;
        destination[n++] = ' ';
        map?.Add(0);
        var pendingSpace = false;
        var any = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (TraineeSpeech.IsApostrophe(c)) continue;
            if (char.IsLetterOrDigit(c))
            {
                // A space replaces at least one separator, so the output never outgrows text.Length + 2.
                if (pendingSpace && any)
                {
                    destination[n++] = ' ';
                    map?.Add(i);
                }
                destination[n++] = char.ToLowerInvariant(c);
                map?.Add(i);
                any = true;
                pendingSpace = false;
            }
            else pendingSpace = true;
        }
        destination[n++] = ' ';
        map?.Add(text.Length);
        return n;
    }

    /// <summary>The earliest match of any needle; on a tie the first needle wins. Null when none is said.</summary>
    public Match? FindFirst(IReadOnlyList<string> needles)
    {
        Match? best = null;
        foreach (var needle in needles)
        {
            var at = Text.IndexOf(needle, StringComparison.Ordinal);
            if (at >= 0 && (best is null || at < best.Value.Position)) best = new Match(at, TurnAt(at), needle);
        }
        return best;
    }

    /// <summary>How many times the needles occur in all (overlapping occurrences of one needle count once).</summary>
    public int CountAll(IReadOnlyList<string> needles)
    {
        var count = 0;
        foreach (var needle in needles)
        {
            // Needles start and end with a space; step past the match but keep its trailing space for the next one.
            var from = 0;
            while (from < _length)
            {
                var at = Text[from..].IndexOf(needle, StringComparison.Ordinal);
                if (at < 0) break;
                count++;
                from += at + needle.Length - 1;
            }
        }
        return count;
    }

    private int TurnAt(int position)
    {
        var i = Array.BinarySearch(_offsets, position);
        return i >= 0 ? i : ~i - 1;
    }

    /// <summary>The sentence of the trainee's turn that holds <paramref name="match"/>, cut to about <see cref="MaxQuoteLength"/> characters around it.</summary>
    public string Quote(Match match)
    {
        var text = _turns[match.Turn].Text;
        var map = new List<int>(text.Length + 2);
        var normalized = new char[text.Length + 2];
        var length = Normalize(text, normalized, map);
        var at = normalized.AsSpan(0, length).IndexOf(match.Needle, StringComparison.Ordinal);
        if (at < 0) return Clean(text, 0, text.Length); // cannot happen: the corpus holds the same normalised text.

        var matchStart = map[at + 1];
        var matchEnd = map[at + match.Needle.Length - 2] + 1;

        var start = matchStart;
        while (start > 0 && !IsSentenceBreak(text[start - 1])) start--;
        var end = matchEnd;
        while (end < text.Length && !IsSentenceBreak(text[end])) end++;
        while (end < text.Length && text[end] is '.' or '!' or '?' or '\u2026') end++;
        while (start < end && char.IsWhiteSpace(text[start])) start++;

        if (end - start <= MaxQuoteLength) return Clean(text, start, end);

        // Too long: a window around the match, cut at spaces.
        var room = Math.Max(0, MaxQuoteLength - (matchEnd - matchStart));
        var from = Math.Max(start, matchStart - room / 2);
        var to = Math.Min(end, from + MaxQuoteLength);
        from = Math.Max(start, to - MaxQuoteLength);
        if (from > start)
        {
            var space = text.IndexOf(' ', from, Math.Max(0, matchStart - from));
            if (space >= 0) from = space + 1;
        }
        if (to < end)
        {
            var space = text.LastIndexOf(' ', to - 1, Math.Max(0, to - matchEnd));
            if (space > matchEnd) to = space;
        }
        return (from > start ? "\u2026" : "") + Clean(text, from, to) + (to < end ? "\u2026" : "");
    }

    private static bool IsSentenceBreak(char c) => c is '.' or '!' or '?' or '\u2026' or '\n' or '\r';

    /// <summary>The text between the indexes with line breaks and tabs as spaces, runs of spaces collapsed and trimmed.</summary>
    private static string Clean(string text, int start, int end)
    {
        var sb = new StringBuilder(end - start);
        var space = false;
        for (var i = start; i < end; i++)
        {
            if (char.IsWhiteSpace(text[i])) space = sb.Length > 0;
            else
            {
                if (space) sb.Append(' ');
                sb.Append(text[i]);
                space = false;
            }
        }
        return sb.ToString();
    }
}
