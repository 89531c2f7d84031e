namespace VoiceTraining.Domain.Attempts.Analysis;

/// <summary>
/// The filler words and phrases counted in the trainee's speech, with the rules that keep ordinary
/// uses of the same words out. Matching is case-insensitive and by whole words (a word is a run of
/// letters and digits, with apostrophes inside it: "don't", "I'd"); the words of a phrase must follow
/// each other with only spaces between them. See docs/kpis.md.
/// <list type="bullet">
/// <item>Hesitations: um, uh, er, ah, erm, hmm, also stretched ("ummm", "uhh", "hmmm", "hm", "err", "uhm" counts as um).</item>
/// <item>basically, actually, literally: always.</item>
/// <item>like: except right after a word (with no punctuation between) that makes it a verb or a comparison:
/// I, you, we, they, he, she, would and its contractions (I'd …), I'll/you'll/we'll/they'll, do/does/did and their
/// negations, really, look(s/ed), sound(s/ed), seem(s/ed), feel(s), felt, something, anything, nothing.
/// "I like it" is not a filler; "I, like, think so" is.</item>
/// <item>you know: except after do, does, did, don't, doesn't, didn't, if, let, lets, as, will, would, can, could,
/// should ("do you know", "let you know").</item>
/// <item>i mean: except after "what" ("what I mean is").</item>
/// <item>sort of, kind of: except after a determiner (a, an, the, this, that, these, those, what, which, any, some,
/// every, same, one, no, my, your, our, their, his, her, its): "what kind of budget" is not a filler.</item>
/// <item>right?: "right" directly followed by a question mark and standing alone: at the start of a sentence or
/// after a comma ("That's the plan, right?"). "Is that right?" is not a filler.</item>
/// <item>so: only as the first word of a sentence (the first word of a turn, or after . ! ? or a line break).</item>
/// </list>
/// </summary>
public static class FillerWords
{
    /// <summary>The keys reported in <see cref="ConversationKpis.FillerWords"/>.</summary>
    public static IReadOnlyList<string> All { get; } = TraineeSpeech.FillerNames;
}
