using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace VoiceTraining.Api.IntegrationTests.Voice.Providers;

public enum SpeechFlavor
{
    /// <summary>api.openai.com/v1: chat completions (SSE), audio transcriptions (multipart), speech (raw audio), models.</summary>
    OpenAi,
    /// <summary>openrouter.ai/api/v1: chat completions (SSE), audio transcriptions (JSON, base64), key, models.</summary>
    OpenRouter,
    /// <summary>api.elevenlabs.io: streaming text-to-speech, user.</summary>
    ElevenLabs,
}

/// <summary>What a fake provider was sent: method, path and query, headers, form fields and files, JSON body.</summary>
public sealed record SpeechRequestSeen(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers,
    IReadOnlyDictionary<string, string> Form, IReadOnlyDictionary<string, (string FileName, string ContentType, byte[] Bytes)> Files, JsonElement Json)
{
    public string Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var v) ? v : "";
}

/// <summary>
/// One speech provider played by Kestrel on 127.0.0.1, written from the providers' documentation:
/// it checks each request as the provider would (the key in its header, the model, the voice, the
/// multipart fields, the audio being a 16 kHz mono WAV, stream=true, OpenAI's speech body) and answers
/// in the provider's format: SSE chunks ending in data: [DONE], JSON transcriptions, raw PCM or MP3
/// audio, and its error bodies.
/// A request that breaks the format is refused and listed in <see cref="FormatErrors"/>. Tests make
/// it fail on cue: an outage (a status), hanging, a slow or stalling stream, an error mid-stream.
/// </summary>
public sealed class FakeSpeechProvider : IAsyncDisposable
{
    public const string OpenAiKey = "sk-test-openai-5c1d";
    public const string OpenRouterKey = "sk-or-v1-test-8e2f";
    public const string ElevenLabsKey = "xi-test-elevenlabs-3a9b";

    /// <summary>OpenAI's speech voices and formats (POST /v1/audio/speech), and its input limit.</summary>
    public static readonly string[] OpenAiVoices = ["alloy", "ash", "ballad", "coral", "echo", "fable", "nova", "onyx", "sage", "shimmer", "verse", "marin", "cedar"];
    public static readonly string[] OpenAiSpeechFormats = ["mp3", "opus", "aac", "flac", "wav", "pcm"];
    public const int OpenAiSpeechMaxInput = 4096;

    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();

    private FakeSpeechProvider(WebApplication app, SpeechFlavor flavor)
    {
        _app = app;
        Flavor = flavor;
    }

    public SpeechFlavor Flavor { get; }
    /// <summary>The base URL the adapter is configured with (…/v1, …/api/v1, or the host for ElevenLabs).</summary>
    public string BaseUrl { get; private set; } = "";
    public ConcurrentQueue<SpeechRequestSeen> Requests { get; } = new();
    public ConcurrentQueue<string> FormatErrors { get; } = new();

    /// <summary>Every request (health checks included) answers this status with the provider's error body.</summary>
    public int? Outage { get; set; }
    /// <summary>Only the work endpoints (not the health check) answer this status.</summary>
    public int? WorkOutage { get; set; }
    /// <summary>Work requests never answer.</summary>
    public bool Hang { get; set; }
    /// <summary>Streams send their first piece, then nothing more.</summary>
    public bool StallStream { get; set; }
    /// <summary>Chat streams send an error chunk after their first piece (OpenRouter's mid-stream error).</summary>
    public bool ErrorMidStream { get; set; }

    /// <summary>The reply chat completions stream, in pieces.</summary>
    public string[] Reply { get; set; } = ["Sounds ", "interesting, ", "tell me more."];
    public string Transcript { get; set; } = "We can cut your onboarding time in half.";
    /// <summary>The audio the speech endpoint streams: ElevenLabs' pcm_16000, OpenAI's pcm (24 kHz) or mp3 (the same bytes; the fake does not encode).</summary>
    public byte[] Speech { get; set; } = Enumerable.Range(0, 32_000).Select(i => (byte)(i * 7 % 251)).ToArray();

    public int WorkRequests => Requests.Count(r => !IsHealthPath(r.Path));

    public static async Task<FakeSpeechProvider> StartAsync(SpeechFlavor flavor)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeSpeechProvider(app, flavor);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        var root = app.Urls.Single().TrimEnd('/');
        fake.BaseUrl = flavor switch { SpeechFlavor.OpenAi => root + "/v1", SpeechFlavor.OpenRouter => root + "/api/v1", _ => root };
        return fake;
    }

    public void Heal()
    {
        Outage = null;
        WorkOutage = null;
        Hang = false;
        StallStream = false;
        ErrorMidStream = false;
    }

    private static bool IsHealthPath(string path) => path.EndsWith("/models", StringComparison.Ordinal) || path.EndsWith("/key", StringComparison.Ordinal) || path == "/v1/user";

    private async Task HandleAsync(HttpContext context)
    {
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        try
        {
            var seen = await ReadAsync(context.Request);
            Requests.Enqueue(seen);
            var health = IsHealthPath(seen.Path);
            if (Outage is { } status || (!health && WorkOutage is { } work && (status = work) > 0))
            {
                await ErrorAsync(context, status, "server_error", "The server had an error while processing your request.");
                return;
            }
            if (Hang && !health)
            {
                await Task.Delay(Timeout.Infinite, aborted.Token);
                return;
            }
            await (Flavor switch
            {
                SpeechFlavor.ElevenLabs => ElevenLabsAsync(context, seen, aborted.Token),
                _ => OpenAiStyleAsync(context, seen, aborted.Token),
            });
        }
        catch (OperationCanceledException)
        {
            // The client gave up (a timeout) or the server is stopping.
        }
    }

    private async Task OpenAiStyleAsync(HttpContext context, SpeechRequestSeen r, CancellationToken ct)
    {
        var prefix = Flavor == SpeechFlavor.OpenAi ? "/v1" : "/api/v1";
        var key = Flavor == SpeechFlavor.OpenAi ? OpenAiKey : OpenRouterKey;
        if (!r.Header("Authorization").StartsWith("Bearer ", StringComparison.Ordinal))
        {
            await RefuseAsync(context, 401, "invalid_api_key", "You didn't provide an API key (Authorization: Bearer).");
            return;
        }
        if (r.Header("Authorization") != $"Bearer {key}")
        {
            // A key the provider does not know (tests send one on purpose): its answer, not a format error.
            await ErrorAsync(context, 401, "invalid_api_key", "Incorrect API key provided.");
            return;
        }
        if (r.Method == "GET" && (r.Path == prefix + "/models" || (Flavor == SpeechFlavor.OpenRouter && r.Path == prefix + "/key")))
        {
            var body = r.Path.EndsWith("/key", StringComparison.Ordinal)
                ? """{"data":{"label":"sk-or-v1-tes...8e2f","limit":null,"limit_remaining":null,"usage":0.12}}"""
                : """{"object":"list","data":[{"id":"gpt-4o-mini","object":"model","created":1721172741,"owned_by":"system"},{"id":"whisper-1","object":"model","created":1677532384,"owned_by":"openai-internal"}]}""";
            await JsonAsync(context, 200, body);
        }
        else if (r.Method == "POST" && r.Path == prefix + "/chat/completions") await ChatAsync(context, r, ct);
        else if (r.Method == "POST" && r.Path == prefix + "/audio/transcriptions") await TranscribeAsync(context, r);
        else if (Flavor == SpeechFlavor.OpenAi && r.Method == "POST" && r.Path == prefix + "/audio/speech") await SpeakAsync(context, r, ct);
        else await RefuseAsync(context, 404, "not_found", $"Unknown path {r.Path}");
    }

    private async Task ChatAsync(HttpContext context, SpeechRequestSeen r, CancellationToken ct)
    {
        var json = r.Json;
        var wantedModel = Flavor == SpeechFlavor.OpenAi ? "gpt-4o-mini" : "openai/gpt-4o-mini";
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() < 2)
            await RefuseAsync(context, 400, "invalid_request_error", "messages must be an array with the system message and the conversation.");
        else if (!json.TryGetProperty("model", out var model) || model.GetString() != wantedModel)
            await RefuseAsync(context, 400, "model_not_found", $"The model must be {wantedModel}.");
        else if (!json.TryGetProperty("stream", out var stream) || stream.ValueKind != JsonValueKind.True)
            await RefuseAsync(context, 400, "invalid_request_error", "This fake only streams: stream must be true.");
        else if (messages[0].GetProperty("role").GetString() != "system" || messages[messages.GetArrayLength() - 1].GetProperty("role").GetString() != "user")
            await RefuseAsync(context, 400, "invalid_request_error", "The system message comes first and the trainee's words last.");
        else
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "text/event-stream";
            if (Flavor == SpeechFlavor.OpenRouter) await WriteAsync(context, ": OPENROUTER PROCESSING\n\n", ct);
            var id = "chatcmpl-" + Guid.NewGuid().ToString("N")[..12];
            for (var i = 0; i < Reply.Length; i++)
            {
                var delta = i == 0 ? $$"""{"role":"assistant","content":{{JsonSerializer.Serialize(Reply[i])}}}""" : $$"""{"content":{{JsonSerializer.Serialize(Reply[i])}}}""";
                await WriteAsync(context, $$"""data: {"id":"{{id}}","object":"chat.completion.chunk","created":1733200000,"model":"{{wantedModel}}","choices":[{"index":0,"delta":{{delta}},"finish_reason":null}]}""" + "\n\n", ct);
                if (i == 0 && StallStream)
                {
                    await Task.Delay(Timeout.Infinite, ct);
                    return;
                }
                if (i == 0 && ErrorMidStream)
                {
                    await WriteAsync(context, $$"""data: {"id":"{{id}}","object":"chat.completion.chunk","created":1733200000,"model":"{{wantedModel}}","error":{"code":502,"message":"Provider disconnected"},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]}""" + "\n\n", ct);
                    return;
                }
            }
            await WriteAsync(context, $$"""data: {"id":"{{id}}","object":"chat.completion.chunk","created":1733200000,"model":"{{wantedModel}}","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""" + "\n\n", ct);
            await WriteAsync(context, "data: [DONE]\n\n", ct);
        }
    }

    private async Task TranscribeAsync(HttpContext context, SpeechRequestSeen r)
    {
        byte[]? audio;
        if (Flavor == SpeechFlavor.OpenAi)
        {
            if (!r.Header("Content-Type").StartsWith("multipart/form-data", StringComparison.Ordinal))
            {
                await RefuseAsync(context, 400, "invalid_request_error", "Expected multipart/form-data.");
                return;
            }
            if (!r.Form.TryGetValue("model", out var model) || model != "whisper-1")
            {
                await RefuseAsync(context, 400, "invalid_request_error", "model must be whisper-1.");
                return;
            }
            if (!r.Files.TryGetValue("file", out var file) || !file.FileName.EndsWith(".wav", StringComparison.Ordinal))
            {
                await RefuseAsync(context, 400, "invalid_request_error", "file must be a .wav upload.");
                return;
            }
            if (r.Form.GetValueOrDefault("response_format") is not ("json" or null) || r.Form.GetValueOrDefault("language") != "en")
            {
                await RefuseAsync(context, 400, "invalid_request_error", "response_format json and language en expected.");
                return;
            }
            audio = file.Bytes;
        }
        else
        {
            var json = r.Json;
            if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("model", out var model) || model.GetString() != "openai/whisper-1"
                || !json.TryGetProperty("input_audio", out var input) || input.GetProperty("format").GetString() != "wav")
            {
                await RefuseAsync(context, 400, "invalid_request_error", "model openai/whisper-1 and input_audio {data, format: wav} expected.");
                return;
            }
            try { audio = Convert.FromBase64String(input.GetProperty("data").GetString() ?? ""); }
            catch (FormatException) { audio = null; }
        }
        if (audio is null || !IsWav16kMono(audio))
        {
            await RefuseAsync(context, 400, "invalid_request_error", "The audio is not a 16 kHz mono 16-bit WAV file.");
            return;
        }
        await JsonAsync(context, 200, Flavor == SpeechFlavor.OpenAi
            ? JsonSerializer.Serialize(new { text = Transcript })
            : JsonSerializer.Serialize(new { text = Transcript, usage = new { seconds = 2.0, cost = 0.0002 } }));
    }

    /// <summary>
    /// OpenAI's POST /v1/audio/speech: a JSON body {model, input, voice, response_format?}; the answer
    /// is the audio itself (audio/pcm for pcm, audio/mpeg for mp3), streamed in pieces.
    /// </summary>
    private async Task SpeakAsync(HttpContext context, SpeechRequestSeen r, CancellationToken ct)
    {
        var json = r.Json;
        if (!r.Header("Content-Type").StartsWith("application/json", StringComparison.Ordinal) || json.ValueKind != JsonValueKind.Object)
            await RefuseAsync(context, 400, "invalid_request_error", "The speech body must be JSON.");
        else if (!json.TryGetProperty("model", out var model) || model.GetString() != "gpt-4o-mini-tts")
            await RefuseAsync(context, 400, "model_not_found", "The model must be gpt-4o-mini-tts.");
        else if (!json.TryGetProperty("input", out var input) || input.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(input.GetString()))
            await RefuseAsync(context, 400, "invalid_request_error", "input is required.");
        else if (!json.TryGetProperty("voice", out var voice) || !OpenAiVoices.Contains(voice.GetString()))
            await RefuseAsync(context, 400, "invalid_value", $"voice must be one of {string.Join(", ", OpenAiVoices)}.");
        else if (json.TryGetProperty("response_format", out var format) && !OpenAiSpeechFormats.Contains(format.GetString()))
            await RefuseAsync(context, 400, "invalid_value", $"response_format must be one of {string.Join(", ", OpenAiSpeechFormats)}.");
        else if (input.GetString()!.Length > OpenAiSpeechMaxInput)
            // A refusal the tests provoke on purpose (OpenAI's limit), not a format error of the adapter.
            await ErrorAsync(context, 400, "string_above_max_length",
                $"Invalid 'input': string too long. Expected a string with maximum length {OpenAiSpeechMaxInput}, but got a string with length {input.GetString()!.Length} instead.");
        else
        {
            var wanted = json.TryGetProperty("response_format", out var f) ? f.GetString() : "mp3";
            if (wanted is not ("pcm" or "mp3"))
            {
                await RefuseAsync(context, 400, "invalid_value", "This fake serves response_format pcm or mp3.");
                return;
            }
            await StreamAudioAsync(context, wanted == "pcm" ? "audio/pcm" : "audio/mpeg", ct);
        }
    }

    private async Task ElevenLabsAsync(HttpContext context, SpeechRequestSeen r, CancellationToken ct)
    {
        if (r.Header("xi-api-key") != ElevenLabsKey)
        {
            await DetailAsync(context, 401, "invalid_api_key", "Invalid API key");
            return;
        }
        if (r.Method == "GET" && r.Path == "/v1/user")
        {
            await JsonAsync(context, 200, """{"subscription":{"tier":"creator","character_count":1200,"character_limit":100000},"first_name":"Test"}""");
            return;
        }
        var match = System.Text.RegularExpressions.Regex.Match(r.Path, "^/v1/text-to-speech/([^/]+)/stream$");
        if (r.Method != "POST" || !match.Success)
        {
            await DetailAsync(context, 404, "not_found", $"Unknown path {r.Path}");
            return;
        }
        var json = r.Json;
        if (match.Groups[1].Value == "unknown-voice")
            await DetailAsync(context, 400, "voice_not_found", "A voice with the voice_id unknown-voice was not found.");
        else if (!r.Query.Contains("output_format=pcm_16000", StringComparison.Ordinal))
            await DetailAsync(context, 400, "invalid_output_format", "This fake serves output_format=pcm_16000.");
        else if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("text", out var text) || string.IsNullOrWhiteSpace(text.GetString())
                 || !json.TryGetProperty("model_id", out var model) || model.GetString() != "eleven_flash_v2_5")
            await DetailAsync(context, 422, "invalid_request", "text and model_id eleven_flash_v2_5 are required.");
        else await StreamAudioAsync(context, "audio/pcm", ct);
    }

    /// <summary>The speech bytes in pieces of 4 KiB, each flushed; with StallStream only the first.</summary>
    private async Task StreamAudioAsync(HttpContext context, string contentType, CancellationToken ct)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = contentType;
        for (var offset = 0; offset < Speech.Length; offset += 4096)
        {
            await context.Response.Body.WriteAsync(Speech.AsMemory(offset, Math.Min(4096, Speech.Length - offset)), ct);
            await context.Response.Body.FlushAsync(ct);
            if (StallStream)
            {
                await Task.Delay(Timeout.Infinite, ct);
                return;
            }
        }
    }

    private static bool IsWav16kMono(byte[] wav) =>
        wav.Length > 44 && Encoding.ASCII.GetString(wav, 0, 4) == "RIFF" && Encoding.ASCII.GetString(wav, 8, 4) == "WAVE"
        && BitConverter.ToInt16(wav, 22) == 1 && BitConverter.ToInt32(wav, 24) == 16_000 && BitConverter.ToInt16(wav, 34) == 16;

    private static async Task<SpeechRequestSeen> ReadAsync(HttpRequest request)
    {
        var headers = request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        var files = new Dictionary<string, (string, string, byte[])>(StringComparer.Ordinal);
        JsonElement json = default;
        if (request.HasFormContentType)
        {
            var read = await request.ReadFormAsync();
            foreach (var (key, value) in read) form[key] = value.ToString();
            foreach (var file in read.Files)
            {
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer);
                files[file.Name] = (file.FileName, file.ContentType, buffer.ToArray());
            }
        }
        else
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            try { json = JsonDocument.Parse(body).RootElement.Clone(); }
            catch (JsonException) { }
        }
        return new SpeechRequestSeen(request.Method, request.Path.Value ?? "", request.QueryString.Value ?? "", headers, form, files, json);
    }

    private Task RefuseAsync(HttpContext context, int status, string code, string message)
    {
        FormatErrors.Enqueue(message);
        return ErrorAsync(context, status, code, message);
    }

    private Task DetailAsync(HttpContext context, int status, string code, string message)
    {
        if (status != 401 && code != "voice_not_found") FormatErrors.Enqueue(message);
        return JsonAsync(context, status, JsonSerializer.Serialize(new { detail = new { status = code, message } }));
    }

    /// <summary>The provider's error body: OpenAI's {"error":{message,type,code}}, OpenRouter's {"error":{code,message}}, ElevenLabs' {"detail":{status,message}}.</summary>
    private Task ErrorAsync(HttpContext context, int status, string code, string message) => Flavor switch
    {
        SpeechFlavor.ElevenLabs => JsonAsync(context, status, JsonSerializer.Serialize(new { detail = new { status = code, message } })),
        SpeechFlavor.OpenRouter => JsonAsync(context, status, JsonSerializer.Serialize(new { error = new { code = status, message } })),
        _ => JsonAsync(context, status, JsonSerializer.Serialize(new { error = new { message, type = code, param = (string?)null, code } })),
    };

    private static async Task JsonAsync(HttpContext context, int status, string body)
    {
        if (context.Response.HasStarted) return;
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    }

    private static async Task WriteAsync(HttpContext context, string text, CancellationToken ct)
    {
        await context.Response.WriteAsync(text, ct);
        await context.Response.Body.FlushAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}
