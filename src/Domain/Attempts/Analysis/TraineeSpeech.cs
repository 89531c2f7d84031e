namespace VoiceTraining.Domain.Attempts.Analysis;

/// <summary>
/// Reads the trainee's words: word count, questions and filler words, in one pass over the text
/// without regular expressions. Rules are documented on <see cref="FillerWords"/> and in docs/kpis.md.
/// </summary>
internal static class TraineeSpeech
{
    /// <summary>A word of the text with what surrounds it.</summary>
    /// <param name="Start">Index of the first character.</param>
    /// <param name="Length">Characters in the word.</param>
    /// <param name="SentenceStart">First word of the text, or of a sentence (after . ! ? … or a line break).</param>
    /// <param name="AfterPunctuation">Something other than white space separates it from the previous word (or it starts a sentence).</param>
    /// <param name="BeforeQuestionMark">The next non-space character after it is '?'.</param>
    internal readonly record struct Token(int Start, int Length, bool SentenceStart, bool AfterPunctuation, bool BeforeQuestionMark);

    // Filler ids index FillerNames and the count arrays.
    private const int Um = 0, Uh = 1, Er = 2, Ah = 3, Erm = 4, Hmm = 5, Like = 6, YouKnow = 7, IMean = 8,
        Basically = 9, Actually = 10, Literally = 11, SortOf = 12, KindOf = 13, RightTag = 14, So = 15;

    public const int FillerCount = 16;

    public static readonly string[] FillerNames =
        ["um", "uh", "er", "ah", "erm", "hmm", "like", "you know", "i mean", "basically", "actually", "literally", "sort of", "kind of", "right?", "so"];

    private const int MaxLookupLength = 32;

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> LikeIsNotFillerAfter = Set(
        "i", "you", "we", "they", "he", "she", "would", "i'd", "you'd", "we'd", "they'd", "he'd", "she'd",
        "i'll", "you'll", "we'll", "they'll", "do", "does", "did", "don't", "doesn't", "didn't", "really",
        "look", "looks", "looked", "sound", "sounds", "sounded", "seem", "seems", "seemed", "feel", "feels", "felt",
        "something", "anything", "nothing");

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> YouKnowIsNotFillerAfter = Set(
        "do", "does", "did", "don't", "doesn't", "didn't", "if", "let", "lets", "as", "will", "would", "can", "could", "should");

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Determiners = Set(
        "a", "an", "the", "this", "that", "these", "those", "what", "which", "any", "some", "every", "same", "one", "no",
        "my", "your", "our", "their", "his", "her", "its");

    /// <summary>Words that may open a question before its question word ("so what is …").</summary>
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> QuestionLeadIns = Set(
        "so", "and", "but", "okay", "ok", "well", "oh", "also", "now", "alright");

    /// <summary>Words that open a question in a transcript without punctuation.</summary>
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Interrogatives = Set(
        "what", "what's", "why", "how", "how's", "when", "where", "where's", "who", "who's", "whom", "whose", "which",
        "is", "are", "am", "was", "were", "isn't", "aren't", "wasn't", "weren't",
        "do", "does", "did", "don't", "doesn't", "didn't", "have", "has", "had", "haven't", "hasn't",
        "can", "could", "would", "will", "should", "shall", "may", "might", "can't", "couldn't", "wouldn't", "won't", "shouldn't");

    private static HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Set(params string[] words) =>
        new HashSet<string>(words, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    public static bool IsApostrophe(char c) => c is '\'' or '\u2019' or '\u02BC';

    private static bool IsEndMark(char c) => c is '.' or '!' or '?' or '\u2026';

    /// <summary>Words in <paramref name="text"/>, counted as <see cref="Scan"/> finds them.</summary>
    public static int CountWords(string text)
    {
        var count = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsLetterOrDigit(text[i]))
            {
                i = WordEnd(text, i);
                count++;
            }
            else i++;
        }
        return count;
    }

    /// <summary>Index just past the word starting at <paramref name="start"/>.</summary>
    private static int WordEnd(string text, int start)
    {
        var i = start + 1;
        var n = text.Length;
        while (i < n)
        {
            var c = text[i];
            if (char.IsLetterOrDigit(c)) { i++; continue; }
            if (i + 1 < n)
            {
                var next = text[i + 1];
                // Apostrophes inside a word (don't, I'd, 90's) and decimal or thousands marks inside a number (3.5, 1,000).
                if (IsApostrophe(c) && char.IsLetter(next)) { i += 2; continue; }
                if (c is '.' or ',' && char.IsDigit(next) && char.IsDigit(text[i - 1])) { i += 2; continue; }
            }
            break;
        }
        return i;
    }

    /// <summary>
    /// Splits <paramref name="text"/> into words (into <paramref name="tokens"/>, cleared first) and returns
    /// how many questions it asks: sentences ending with '?', plus sentences with no end punctuation at all
    /// (ended by a line break or the end of the text) whose first word, after lead-ins such as "so" or "um",
    /// is a question word (what, how, do, can, …). Sentences ending with '.' or '!' are never questions.
    /// </summary>
    public static int Scan(string text, List<Token> tokens)
    {
        tokens.Clear();
        var questions = 0;
        var sentenceStart = true;
        var afterPunctuation = true;
        var sentenceFirst = -1;
        var i = 0;
        var n = text.Length;
        while (i < n)
        {
            var c = text[i];
            if (char.IsLetterOrDigit(c))
            {
                var start = i;
                i = WordEnd(text, i);
                var j = i;
                while (j < n && text[j] is ' ' or '\t') j++;
                if (sentenceFirst < 0) sentenceFirst = tokens.Count;
                tokens.Add(new Token(start, i - start, sentenceStart, afterPunctuation || sentenceStart, j < n && text[j] == '?'));
                sentenceStart = false;
                afterPunctuation = false;
                continue;
            }
            if (IsEndMark(c) || c is '\n' or '\r')
            {
                // A run of end marks ("?!", "...?") asks a question when one of them is '?'.
                var asks = false;
                var j = i;
                while (j < n && IsEndMark(text[j])) asks |= text[j++] == '?';
                if (sentenceFirst >= 0)
                {
                    if (j > i ? asks : OpensWithQuestionWord(text, tokens, sentenceFirst)) questions++;
                }
                sentenceFirst = -1;
                sentenceStart = true;
                afterPunctuation = true;
                i = Math.Max(j, i + 1);
                continue;
            }
            if (!char.IsWhiteSpace(c)) afterPunctuation = true;
            i++;
        }
        if (sentenceFirst >= 0 && OpensWithQuestionWord(text, tokens, sentenceFirst)) questions++;
        return questions;
    }

    private static bool OpensWithQuestionWord(string text, List<Token> tokens, int first)
    {
        Span<char> buffer = stackalloc char[MaxLookupLength];
        for (var k = first; k < tokens.Count; k++)
        {
            var word = Fold(text, tokens[k], buffer);
            if (QuestionLeadIns.Contains(word) || Hesitation(word) >= 0) continue;
            return Interrogatives.Contains(word);
        }
        return false;
    }

    /// <summary>Adds the fillers among <paramref name="tokens"/> of <paramref name="text"/> to <paramref name="counts"/>; returns how many.</summary>
    public static int CountFillers(string text, List<Token> tokens, int[] counts)
    {
        Span<char> word = stackalloc char[MaxLookupLength];
        Span<char> other = stackalloc char[MaxLookupLength];
        var found = 0;
        for (var k = 0; k < tokens.Count; k++)
        {
            var token = tokens[k];
            // Every filler starts with one of these letters and is at most 12 letters long ("ummmmm…" aside).
            if (token.Length > 12 || char.ToLowerInvariant(text[token.Start]) is not ('u' or 'e' or 'a' or 'h' or 'l' or 'y' or 'i' or 'b' or 's' or 'k' or 'r'))
                continue;
            var w = Fold(text, token, word);
            var id = Hesitation(w);
            if (id < 0)
            {
                // The previous word, when nothing but spaces separates it from this one.
                var hasPrevious = k > 0 && !token.AfterPunctuation;
                // The next word, when nothing but spaces separates it from this one.
                var hasNext = k + 1 < tokens.Count && !tokens[k + 1].AfterPunctuation;
                id = w switch
                {
                    "basically" => Basically,
                    "actually" => Actually,
                    "literally" => Literally,
                    "like" when !(hasPrevious && LikeIsNotFillerAfter.Contains(Fold(text, tokens[k - 1], other))) => Like,
                    "so" when token.SentenceStart => So,
                    "right" when token.BeforeQuestionMark && token.AfterPunctuation => RightTag,
                    "you" when hasNext && Fold(text, tokens[k + 1], other) is "know"
                        && !(hasPrevious && YouKnowIsNotFillerAfter.Contains(Fold(text, tokens[k - 1], other))) => YouKnow,
                    "i" when hasNext && Fold(text, tokens[k + 1], other) is "mean"
                        && !(hasPrevious && Fold(text, tokens[k - 1], other) is "what") => IMean,
                    "sort" when hasNext && Fold(text, tokens[k + 1], other) is "of"
                        && !(hasPrevious && Determiners.Contains(Fold(text, tokens[k - 1], other))) => SortOf,
                    "kind" when hasNext && Fold(text, tokens[k + 1], other) is "of"
                        && !(hasPrevious && Determiners.Contains(Fold(text, tokens[k - 1], other))) => KindOf,
                    _ => -1,
                };
                if (id is YouKnow or IMean or SortOf or KindOf) k++; // the phrase's second word is used up.
            }
            if (id < 0) continue;
            counts[id]++;
            found++;
        }
        return found;
    }

    /// <summary>The word lower-cased with apostrophes as "'", in <paramref name="buffer"/>; empty when too long to be a listed word.</summary>
    private static ReadOnlySpan<char> Fold(string text, Token token, Span<char> buffer)
    {
        if (token.Length > buffer.Length) return [];
        for (var i = 0; i < token.Length; i++)
        {
            var c = text[token.Start + i];
            buffer[i] = IsApostrophe(c) ? '\'' : char.ToLowerInvariant(c);
        }
        return buffer[..token.Length];
    }

    /// <summary>The hesitation filler a (lower-case) word is, with stretched letters ("ummm") allowed; -1 when none.</summary>
    private static int Hesitation(ReadOnlySpan<char> word)
    {
        if (word.IsEmpty || word.Length > 12) return -1;
        Span<char> squeezed = stackalloc char[3];
        var length = 0;
        foreach (var c in word)
        {
            if (length > 0 && squeezed[length - 1] == c) continue;
            if (length == 3) return -1;
            squeezed[length++] = c;
        }
        return squeezed[..length] switch
        {
            "um" or "uhm" => Um,
            "uh" => Uh,
            "er" => Er,
            "ah" => Ah,
            "erm" => Erm,
            "hm" => Hmm,
            _ => -1,
        };
    }
}
