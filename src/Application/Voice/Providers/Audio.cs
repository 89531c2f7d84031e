using System.Buffers.Binary;
using System.Globalization;

namespace VoiceTraining.Application.Voice.Providers;

public enum AudioEncoding
{
    /// <summary>Raw 16-bit signed little-endian PCM samples, no header.</summary>
    Pcm16,
    /// <summary>16-bit PCM in a RIFF/WAVE container.</summary>
    Wav,
    Mp3,
}

/// <summary>How audio is encoded: what a provider takes or gives, declared before the first byte.</summary>
public sealed record AudioFormat(AudioEncoding Encoding, int SampleRate, int Channels = 1)
{
    /// <summary>What the voice pipeline speaks inside: 16 kHz mono 16-bit PCM (speech-to-text's native rate).</summary>
    public static AudioFormat Pcm16Khz { get; } = new(AudioEncoding.Pcm16, 16_000);

    public static AudioFormat Wav16Khz { get; } = new(AudioEncoding.Wav, 16_000);

    /// <summary>The media type: audio/pcm (little-endian; not audio/L16, which is big-endian) for raw PCM, audio/wav, audio/mpeg.</summary>
    public string ContentType => Encoding switch
    {
        AudioEncoding.Pcm16 => string.Create(CultureInfo.InvariantCulture, $"audio/pcm;rate={SampleRate};channels={Channels}"),
        AudioEncoding.Wav => "audio/wav",
        _ => "audio/mpeg",
    };

    /// <summary>Bytes per second of uncompressed audio; 0 when compressed.</summary>
    public int BytesPerSecond => Encoding is AudioEncoding.Pcm16 or AudioEncoding.Wav ? SampleRate * Channels * 2 : 0;

    public override string ToString() => Encoding switch
    {
        AudioEncoding.Mp3 => string.Create(CultureInfo.InvariantCulture, $"mp3 {SampleRate} Hz"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{Encoding.ToString().ToLowerInvariant()} {SampleRate} Hz {(Channels == 1 ? "mono" : $"{Channels} channels")}"),
    };
}

/// <summary>A piece of audio in memory with its format.</summary>
public sealed record AudioClip(ReadOnlyMemory<byte> Data, AudioFormat Format)
{
    /// <summary>How long it plays, for uncompressed audio (a WAV's header excluded); zero when unknown.</summary>
    public TimeSpan Duration => Format.BytesPerSecond == 0
        ? TimeSpan.Zero
        : TimeSpan.FromSeconds((double)(Format.Encoding == AudioEncoding.Wav ? Math.Max(0, Data.Length - WavAudio.HeaderBytes) : Data.Length) / Format.BytesPerSecond);

    /// <summary>The same samples as a WAV file (PCM gets a header; WAV stays as it is).</summary>
    public AudioClip ToWav() => Format.Encoding switch
    {
        AudioEncoding.Wav => this,
        AudioEncoding.Pcm16 => new AudioClip(WavAudio.Wrap(Data.Span, Format.SampleRate, Format.Channels), Format with { Encoding = AudioEncoding.Wav }),
        _ => throw new InvalidOperationException("Only PCM audio can be wrapped as WAV."),
    };
}

/// <summary>Reads and writes the canonical 44-byte-header PCM WAV the voice pipeline uses.</summary>
public static class WavAudio
{
    public const int HeaderBytes = 44;

    /// <summary>Wraps 16-bit PCM samples in a RIFF/WAVE header.</summary>
    public static byte[] Wrap(ReadOnlySpan<byte> pcm, int sampleRate, int channels)
    {
        var bytes = new byte[HeaderBytes + pcm.Length];
        var span = bytes.AsSpan();
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], 36 + pcm.Length);
        "WAVE"u8.CopyTo(span[8..]);
        "fmt "u8.CopyTo(span[12..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(span[20..], 1);
        BinaryPrimitives.WriteInt16LittleEndian(span[22..], (short)channels);
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(span[28..], sampleRate * channels * 2);
        BinaryPrimitives.WriteInt16LittleEndian(span[32..], (short)(channels * 2));
        BinaryPrimitives.WriteInt16LittleEndian(span[34..], 16);
        "data"u8.CopyTo(span[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[40..], pcm.Length);
        pcm.CopyTo(span[HeaderBytes..]);
        return bytes;
    }

    /// <summary>
    /// Reads a PCM WAV file: its format and where its samples are. Chunks other than fmt and data are
    /// skipped; null (with why) when it is no RIFF/WAVE file or not 16-bit PCM.
    /// </summary>
    public static (AudioFormat Format, int DataOffset, int DataLength)? TryRead(ReadOnlySpan<byte> file, out string? problem)
    {
        problem = null;
        if (file.Length < 12 || !file[..4].SequenceEqual("RIFF"u8) || !file[8..12].SequenceEqual("WAVE"u8))
        {
            problem = "The audio is not a WAV (RIFF/WAVE) file.";
            return null;
        }
        int? sampleRate = null, channels = null, bits = null, format = null;
        var offset = 12;
        while (offset + 8 <= file.Length)
        {
            var id = file.Slice(offset, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(file[(offset + 4)..]);
            var body = offset + 8;
            if (size < 0 || body + (long)size > file.Length && !id.SequenceEqual("data"u8))
            {
                problem = "The WAV file is truncated.";
                return null;
            }
            if (id.SequenceEqual("fmt "u8) && size >= 16)
            {
                format = BinaryPrimitives.ReadInt16LittleEndian(file[body..]);
                channels = BinaryPrimitives.ReadInt16LittleEndian(file[(body + 2)..]);
                sampleRate = BinaryPrimitives.ReadInt32LittleEndian(file[(body + 4)..]);
                bits = BinaryPrimitives.ReadInt16LittleEndian(file[(body + 14)..]);
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (format is null)
                {
                    problem = "The WAV file has no format chunk before its samples.";
                    return null;
                }
                if (format != 1 || bits != 16)
                {
                    problem = "The WAV file must hold 16-bit PCM samples.";
                    return null;
                }
                // A streaming writer may leave the size unset (0 or 0xFFFFFFFF): the samples run to the end.
                var length = size == 0 || body + (long)size > file.Length ? file.Length - body : size;
                return (new AudioFormat(AudioEncoding.Wav, sampleRate!.Value, channels!.Value), body, length);
            }
            offset = body + size + (size & 1);
        }
        problem = "The WAV file has no samples (no data chunk).";
        return null;
    }
}
