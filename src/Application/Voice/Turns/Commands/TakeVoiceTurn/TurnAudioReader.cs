using VoiceTraining.Application.Voice.Providers;

namespace VoiceTraining.Application.Voice.Turns.Commands.TakeVoiceTurn;

/// <summary>What the trainee's audio must be: 16 kHz mono 16-bit PCM, as a WAV file or as raw little-endian samples (audio/pcm).</summary>
internal static class TurnAudioReader
{
    public const int SampleRate = 16_000;

    /// <summary>The audio as raw PCM, or null when it is not what a turn takes (empty, another rate, stereo, not PCM).</summary>
    public static AudioClip? Read(TurnAudio audio)
    {
        var bytes = audio.Bytes;
        if (bytes.Length == 0) return null;
        if (WavAudio.TryRead(bytes, out _) is { } wav)
        {
            if (wav.Format.SampleRate != SampleRate || wav.Format.Channels != 1 || wav.DataLength < 2) return null;
            return new AudioClip(bytes.AsMemory(wav.DataOffset, wav.DataLength & ~1), AudioFormat.Pcm16Khz);
        }
        var type = audio.ContentType?.ToLowerInvariant() ?? "";
        // Raw samples as audio/pcm (little-endian, as browsers record them); not audio/L16, which is
        // big-endian by its RFC. A rate other than 16 kHz is refused rather than resampled.
        var raw = type.StartsWith("audio/pcm", StringComparison.Ordinal);
        if (!raw || (type.Contains("rate=", StringComparison.Ordinal) && !type.Contains("rate=16000", StringComparison.Ordinal))
            || (type.Contains("channels=", StringComparison.Ordinal) && !type.Contains("channels=1", StringComparison.Ordinal))
            || bytes.Length < 2)
            return null;
        return new AudioClip(bytes.AsMemory(0, bytes.Length & ~1), AudioFormat.Pcm16Khz);
    }
}
