using System.Runtime.CompilerServices;
using VoiceTraining.Application.Voice.Providers;
using VoiceTraining.Domain.Voice;

namespace VoiceTraining.Infrastructure.Voice.Providers;

/// <summary>A provider's audio body read as it arrives, in pieces of at most 8 KiB; a body that breaks off is Unavailable.</summary>
internal static class AudioChunks
{
    private const int ChunkBytes = 8 * 1024;

    public static async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAsync(Stream stream, string provider, VoiceProviderKind kind,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = new byte[ChunkBytes];
        while (true)
        {
            int read;
            try
            {
                read = await stream.ReadAsync(buffer, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
            {
                throw new VoiceProviderException(provider, kind, VoiceProviderFailure.Unavailable, "the audio stream broke off", e);
            }
            if (read == 0) yield break;
            yield return buffer.AsMemory(0, read).ToArray();
        }
    }
}
