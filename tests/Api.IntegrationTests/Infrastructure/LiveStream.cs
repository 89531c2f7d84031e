using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace VoiceTraining.Api.IntegrationTests.Infrastructure;

/// <summary>An open <c>GET /api/flags/stream</c>, read as a browser's fetch would: one event at a time.</summary>
public sealed class LiveStream : IAsyncDisposable
{
    public sealed record Event(string Type, JsonElement Data);

    private readonly HttpResponseMessage _response;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<Event> _events = Channel.CreateUnbounded<Event>();
    private readonly Task _reader;

    private LiveStream(HttpResponseMessage response)
    {
        _response = response;
        _reader = Task.Run(ReadAsync);
    }

    public static async Task<LiveStream> OpenAsync(HttpClient client, string path = "/api/flags/stream")
    {
        var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, path), HttpCompletionOption.ResponseHeadersRead);
        if (response.Content.Headers.ContentType?.MediaType != "text/event-stream")
            throw new InvalidOperationException($"Not an event stream: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return new LiveStream(response);
    }

    /// <summary>The next event, or a failure naming what was awaited when none came within <paramref name="within"/>.</summary>
    public async Task<Event> NextAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            return await _events.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No live update within {within.TotalSeconds:0.#} s.");
        }
    }

    private async Task ReadAsync()
    {
        try
        {
            using var reader = new StreamReader(await _response.Content.ReadAsStreamAsync(_stop.Token), Encoding.UTF8);
            string? type = null;
            var data = new StringBuilder();
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (type is not null) await _events.Writer.WriteAsync(new Event(type, JsonDocument.Parse(data.ToString()).RootElement.Clone()));
                    type = null;
                    data.Clear();
                }
                else if (line.StartsWith("event: ", StringComparison.Ordinal)) type = line[7..];
                else if (line.StartsWith("data: ", StringComparison.Ordinal)) data.Append(line[6..]);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
        {
        }
        finally
        {
            _events.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _response.Dispose();
        await _reader;
        _stop.Dispose();
    }
}
