using System.Net.Http.Headers;
using System.Text;

namespace VoiceTraining.Api.IntegrationTests.Fuzzing;

/// <summary>One generated request: what is sent, as whom, and which of Kestrel's own empty refusals it may get.</summary>
public sealed class FuzzRequest
{
    public required int Index { get; init; }
    public required FuzzOperation Operation { get; init; }
    public required string Mutation { get; init; }
    public required bool Anonymous { get; init; }
    public required string Method { get; init; }
    /// <summary>Path and query, already percent-encoded as they go on the request line.</summary>
    public required string Target { get; init; }
    public byte[]? Body { get; init; }
    /// <summary>The Content-Type header as sent (null: none).</summary>
    public string? ContentType { get; init; }
    /// <summary>Sent without a Content-Length, in chunks.</summary>
    public bool Chunked { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>
    /// Statuses Kestrel answers itself, with an empty body, before any middleware runs (a request
    /// line or headers beyond its hard limits, a Host it cannot parse): no problem can be written for them.
    /// </summary>
    public IReadOnlySet<int> KestrelRefusals { get; init; } = new HashSet<int>();

    /// <summary>
    /// A chunked body over the limit to an endpoint that reads none: Kestrel answers, stops reading
    /// past the limit and closes the connection, and the client, still sending, reports the broken
    /// pipe instead of the answer.
    /// </summary>
    public bool MayCloseConnection { get; init; }

    public HttpRequestMessage ToHttpRequestMessage()
    {
        var request = new HttpRequestMessage(new HttpMethod(Method), new Uri(Target, UriKind.Relative));
        if (Body is not null)
        {
            HttpContent content = Chunked ? new StreamContent(new UnknownLengthStream(Body)) : new ByteArrayContent(Body);
            if (ContentType is not null) content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            request.Content = content;
            // Lets Kestrel refuse an oversized body before it is uploaded, as a proxy or browser would see it.
            if (Body.Length > 512 * 1024)
            {
                request.Headers.ExpectContinue = true;
                // The server may answer before the body is in and then close: the connection is not for reuse.
                request.Headers.ConnectionClose = true;
            }
        }
        foreach (var (name, value) in Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value)) request.Content?.Headers.TryAddWithoutValidation(name, value);
        }
        return request;
    }

    /// <summary>The request as a failure message shows it: enough to see what was sent and to replay it.</summary>
    public string Describe()
    {
        var text = new StringBuilder()
            .Append('#').Append(Index).Append(' ').Append(Mutation).Append(" as ").Append(Anonymous ? "anonymous" : "admin")
            .Append(": ").Append(Method).Append(' ').Append(Shorten(Target, 300));
        if (ContentType is not null) text.Append(" [Content-Type: ").Append(Shorten(ContentType, 80)).Append(']');
        foreach (var (name, value) in Headers) text.Append(" [").Append(name).Append(": ").Append(Shorten(value, 80)).Append(']');
        if (Body is not null)
            text.Append(" body ").Append(Body.Length).Append(Chunked ? " bytes chunked: " : " bytes: ")
                .Append(Shorten(Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, 400)), 300));
        return text.ToString();
    }

    public static string Shorten(string text, int max) => text.Length <= max ? text : text[..max] + $"…({text.Length} chars)";

    /// <summary>A stream that does not say how long it is, so the client sends it chunked.</summary>
    private sealed class UnknownLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
