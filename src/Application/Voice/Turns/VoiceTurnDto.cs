namespace VoiceTraining.Application.Voice.Turns;

/// <summary>One answered turn of a voice session.</summary>
public sealed record VoiceTurnDto
{
    public Guid SessionId { get; init; }
    /// <summary>What the trainee said (the transcription of their audio, or the text they sent).</summary>
    public string UserText { get; init; } = "";
    /// <summary>What the buyer answered.</summary>
    public string BuyerText { get; init; } = "";
    /// <summary>The buyer's answer as speech, inline.</summary>
    public VoiceTurnAudioDto Audio { get; init; } = new();
    /// <summary>Which provider served each step of this turn.</summary>
    public VoiceTurnProvidersDto Providers { get; init; } = new();
    /// <summary>Provider switches this turn recorded on the session (failover, or back to the primary).</summary>
    public IReadOnlyList<VoiceProviderSwitchDto> Switches { get; init; } = [];
    /// <summary>When the trainee's turn starts, in ms from the session's start (as in the transcript).</summary>
    public long UserAtMs { get; init; }
    /// <summary>When the buyer's reply starts, in ms from the session's start.</summary>
    public long BuyerAtMs { get; init; }
}

/// <summary>The reply's audio, base64 in the answer (a turn's reply is seconds long, so inline beats a second request).</summary>
public sealed record VoiceTurnAudioDto
{
    /// <summary>audio/wav (16-bit PCM) or audio/mpeg.</summary>
    public string ContentType { get; init; } = "";
    public int SampleRate { get; init; }
    public int Channels { get; init; }
    /// <summary>How long it plays; 0 when the encoding does not say (MP3).</summary>
    public int DurationMs { get; init; }
    public string Base64 { get; init; } = "";
}

public sealed record VoiceTurnProvidersDto
{
    /// <summary>Null when the trainee sent text.</summary>
    public string? SpeechToText { get; init; }
    public string Llm { get; init; } = "";
    public string TextToSpeech { get; init; } = "";
    /// <summary>True when any step ran on a local stand-in (local mode: no real provider).</summary>
    public bool Local { get; init; }
}

public sealed record VoiceProviderSwitchDto
{
    /// <summary>speech_to_text, text_to_speech or llm.</summary>
    public Domain.Voice.VoiceProviderKind Kind { get; init; }
    public string From { get; init; } = "";
    public string To { get; init; } = "";
    public string Reason { get; init; } = "";
}
