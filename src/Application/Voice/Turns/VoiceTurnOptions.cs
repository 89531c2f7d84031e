namespace VoiceTraining.Application.Voice.Turns;

/// <summary>Limits and tuning of one conversation turn (section "VoiceTurns"; Infrastructure binds and validates it).</summary>
public sealed class VoiceTurnOptions
{
    /// <summary>The largest trainee audio one turn takes (2 MiB: about a minute of 16 kHz mono PCM); more is a 413.</summary>
    public int MaxAudioBytes { get; init; } = 2 * 1024 * 1024;
    /// <summary>The longest trainee text one turn takes.</summary>
    public int MaxTextLength { get; init; } = 4000;
    /// <summary>The language the trainee speaks (ISO-639-1), given to speech-to-text.</summary>
    public string Language { get; init; } = "en";
    /// <summary>How many earlier transcript turns the buyer is given.</summary>
    public int MaxHistoryTurns { get; init; } = 40;
    public double Temperature { get; init; } = 0.7;
    /// <summary>Spoken replies are short: the model's output is capped.</summary>
    public int MaxReplyTokens { get; init; } = 200;
    /// <summary>The largest synthesized reply kept for one turn (4 MiB: about two minutes of 16 kHz PCM).</summary>
    public int MaxReplyAudioBytes { get; init; } = 4 * 1024 * 1024;
}
