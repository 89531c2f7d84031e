using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Text.Json;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Application.Voice.Providers;
using VoiceTraining.Domain.Voice;
using OpenAI;
using OpenAI.Audio;
using OpenAI.Models;
using VoiceTraining.Infrastructure.Voice.Providers;
using VoiceTraining.Infrastructure.Voice.Providers.OpenAi;
using static VoiceTraining.Api.IntegrationTests.Infrastructure.Eventually;

namespace VoiceTraining.Api.IntegrationTests.Voice.Providers;

/// <summary>
/// The adapters against fake providers that check the wire format, and failover through HTTP: the
/// primary LLM fails mid-session, the fallback carries on, the switch is on the session, /readyz and
/// the admin page say so, the alert is queued; the primary recovers and the session goes back. The
/// same for text-to-speech: ElevenLabs failing hands the turn's speech to OpenAI's.
/// </summary>
[Collection(nameof(SpeechProviderTests))]
public sealed class SpeechProviderTests(SpeechProvidersFixture fixture) : IClassFixture<SpeechProvidersFixture>
{
    private IVoiceProviderRouter Router => fixture.Factory.Services.GetRequiredService<IVoiceProviderRouter>();

    private void Heal()
    {
        fixture.OpenAi.Heal();
        fixture.OpenRouter.Heal();
        fixture.ElevenLabs.Heal();
    }

    [Fact]
    public async Task An_audio_turn_goes_through_whisper_the_chat_stream_and_elevenlabs_in_their_wire_formats()
    {
        Heal();
        var session = await VoiceSessionSeed.CreateAsync(fixture, fixture.OrgA, fixture.OrgA.Trainee);
        var before = (fixture.OpenAi.Requests.Count, fixture.ElevenLabs.Requests.Count);

        using var response = await fixture.ClientFor(fixture.OrgA.Trainee).SendAsync(VoiceSessionSeed.Turn(session, audio: VoiceSessionSeed.Wav(1.0)));
        var answer = await response.ShouldHaveStatus(HttpStatusCode.OK);

        fixture.OpenAi.FormatErrors.Should().BeEmpty();
        fixture.ElevenLabs.FormatErrors.Should().BeEmpty();
        answer.GetProperty("userText").GetString().Should().Be(fixture.OpenAi.Transcript);
        answer.GetProperty("buyerText").GetString().Should().Be("Sounds interesting, tell me more.");
        answer.GetProperty("providers").GetProperty("speechToText").GetString().Should().Be("openai-whisper");
        answer.GetProperty("providers").GetProperty("llm").GetString().Should().Be("openai");
        answer.GetProperty("providers").GetProperty("textToSpeech").GetString().Should().Be("elevenlabs");
        answer.GetProperty("providers").GetProperty("local").GetBoolean().Should().BeFalse();
        var wav = Convert.FromBase64String(answer.GetProperty("audio").GetProperty("base64").GetString()!);
        wav[44..].Should().Equal(fixture.ElevenLabs.Speech, "the PCM ElevenLabs streamed comes back whole, as a WAV");

        var sent = fixture.OpenAi.Requests.Skip(before.Item1).ToList();
        var whisper = sent.Single(r => r.Path == "/v1/audio/transcriptions");
        whisper.Header("Authorization").Should().Be($"Bearer {FakeSpeechProvider.OpenAiKey}");
        whisper.Form.Should().Contain("model", "whisper-1").And.Contain("language", "en");
        whisper.Files["file"].Bytes.Length.Should().Be(44 + 32_000);
        var chat = sent.Single(r => r.Path == "/v1/chat/completions").Json;
        chat.GetProperty("stream").GetBoolean().Should().BeTrue();
        var messages = chat.GetProperty("messages").EnumerateArray().ToList();
        messages[0].GetProperty("content").GetString().Should().Contain("You are the buyer").And.Contain("Sarah");
        messages[^1].GetProperty("content").GetString().Should().Be(fixture.OpenAi.Transcript);
        var speech = fixture.ElevenLabs.Requests.Skip(before.Item2).Single();
        speech.Path.Should().Be("/v1/text-to-speech/sarah_professional/stream");
        speech.Query.Should().Contain("output_format=pcm_16000");
        speech.Header("xi-api-key").Should().Be(FakeSpeechProvider.ElevenLabsKey);
        speech.Json.GetProperty("text").GetString().Should().Be("Sounds interesting, tell me more.");
    }

    [Fact]
    public async Task The_primary_llm_failing_mid_session_fails_over_to_openrouter_and_back_when_it_recovers()
    {
        var (session, client) = await SessionServedByAsync("llm", "openai");

        // OpenAI starts answering 503 to everything, its models endpoint included.
        fixture.OpenAi.Outage = 503;
        for (var turn = 0; turn < 2; turn++)
        {
            using var response = await client.SendAsync(VoiceSessionSeed.Turn(session, text: $"Are you still there? ({turn})"));
            var answer = await response.ShouldHaveStatus(HttpStatusCode.OK);
            answer.GetProperty("providers").GetProperty("llm").GetString().Should().Be("openrouter");
            answer.GetProperty("buyerText").GetString().Should().Be("Sounds interesting, tell me more.");
        }
        fixture.OpenRouter.FormatErrors.Should().BeEmpty();
        fixture.OpenRouter.Requests.Should().Contain(r => r.Path == "/api/v1/chat/completions" && r.Header("HTTP-Referer") == "https://app.example.test"
            && r.Header("X-Title") == "Voice AI Training" && r.Header("Authorization") == $"Bearer {FakeSpeechProvider.OpenRouterKey}");

        var switched = await VoiceSessionSeed.SessionAsync(fixture, session.Id);
        switched.LlmProvider.Should().Be("openrouter");
        switched.ProviderSwitches.Switches.Should().ContainSingle();
        switched.ProviderSwitches.Switches[0].Should().BeEquivalentTo(new { Kind = VoiceProviderKind.Llm, From = "openai", To = "openrouter" }, o => o.ExcludingMissingMembers());
        switched.ProviderSwitches.Switches[0].Reason.Should().Contain("openai: HTTP 503: server_error");
        (await VoiceSessionSeed.AttemptAsync(fixture, session.AttemptId)).Transcript.Should().HaveCount(6, "the session went on: three turns, both sides");

        // Two failures in a row opened OpenAI's breaker: the next turn does not try it at all.
        var openAiCalls = fixture.OpenAi.WorkRequests;
        using (var third = await client.SendAsync(VoiceSessionSeed.Turn(session, text: "Let me explain.")))
            (await third.ShouldHaveStatus(HttpStatusCode.OK)).GetProperty("providers").GetProperty("llm").GetString().Should().Be("openrouter");
        fixture.OpenAi.WorkRequests.Should().Be(openAiCalls);

        using (var ready = await fixture.Anonymous().GetAsync("/readyz"))
        {
            ready.StatusCode.Should().Be(HttpStatusCode.OK, "degraded, not failed");
            var text = await ready.Content.ReadAsStringAsync();
            text.Should().StartWith("Degraded").And.Contain("voice-providers: Voice providers degraded: openai (LLM) is failing (circuit breaker open)");
        }

        // The breaker's opening reached the shared state (in the background), and with it the alert.
        await EventuallyAsync(async () => (await HealthRowAsync("openai"))?.Status == VoiceProviderStatus.Unhealthy, "the open breaker marks openai unhealthy");
        // The periodic check sees the outage too (the job run by hand, as the engine would).
        await fixture.Factory.Services.GetRequiredService<VoiceProviderHealthJob>().RunAsync(CancellationToken.None);
        var row = await HealthRowAsync("openai");
        row!.LastCheckSucceeded.Should().BeFalse();
        row.LastError.Should().Contain("HTTP 503");

        using (var admin = await fixture.ClientFor(fixture.OrgA.Admin).GetAsync("/api/admin/voice-providers"))
        {
            var body = await admin.ShouldHaveStatus(HttpStatusCode.OK);
            body.GetProperty("status").GetString().Should().Be("degraded");
            body.GetProperty("newSessions").GetProperty("llm").GetString().Should().Be("openrouter");
            var openai = body.GetProperty("providers").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "openai");
            openai.GetProperty("role").GetString().Should().Be("primary");
            openai.GetProperty("usable").GetBoolean().Should().BeFalse();
            openai.GetProperty("status").GetString().Should().Be("unhealthy");
            openai.GetProperty("breaker").GetString().Should().Be("open");
            openai.GetProperty("lastError").GetString().Should().Contain("HTTP 503");
            openai.GetProperty("lastCheckedAt").ValueKind.Should().Be(JsonValueKind.String);
        }
        (await AlertsAsync()).Should().Contain(a => a.Subject == "Voice provider unhealthy: openai");

        // OpenAI recovers; the break is over (the clock moves past it) and the check passes again.
        fixture.OpenAi.Heal();
        await PassTheBreakAndCheckAsync();
        (await HealthRowAsync("openai"))!.Status.Should().Be(VoiceProviderStatus.Healthy);

        using (var back = await client.SendAsync(VoiceSessionSeed.Turn(session, text: "So, shall we?")))
        {
            var answer = await back.ShouldHaveStatus(HttpStatusCode.OK);
            answer.GetProperty("providers").GetProperty("llm").GetString().Should().Be("openai");
            answer.GetProperty("switches").EnumerateArray().Single().GetProperty("to").GetString().Should().Be("openai");
        }
        var final = await VoiceSessionSeed.SessionAsync(fixture, session.Id);
        final.LlmProvider.Should().Be("openai");
        final.ProviderSwitches.Switches.Select(s => (s.From, s.To)).Should().Equal(("openai", "openrouter"), ("openrouter", "openai"));
        (await AlertsAsync()).Should().Contain(a => a.Subject == "Voice provider recovered: openai");
        using (var ready = await fixture.Anonymous().GetAsync("/readyz"))
            (await ready.Content.ReadAsStringAsync()).Should().NotContain("voice-providers");
    }

    [Fact]
    public async Task Provider_errors_timeouts_and_stalled_streams_become_failures_that_say_what_happened()
    {
        Heal();
        var whisper = (await Router.SpeechToTextAsync(CancellationToken.None)).First(p => p.Name == "openai-whisper");
        var openrouterWhisper = (await Router.SpeechToTextAsync(CancellationToken.None)).First(p => p.Name == "openrouter-whisper");
        var elevenlabs = (await Router.TextToSpeechAsync(CancellationToken.None)).First(p => p.Name == "elevenlabs");
        var clip = new AudioClip(VoiceSessionSeed.Wav(0.5).AsMemory(44), AudioFormat.Pcm16Khz);

        (await openrouterWhisper.TranscribeAsync(clip, "en", CancellationToken.None)).Should().Be(fixture.OpenRouter.Transcript, "OpenRouter's JSON body with base64 WAV");
        fixture.OpenRouter.FormatErrors.Should().BeEmpty();

        // ElevenLabs refusing the voice: its detail message, and no mark against its health.
        var unknownVoice = () => Bytes(elevenlabs.Synthesize(new SpeechRequest("Hello", "unknown-voice", AudioFormat.Pcm16Khz), CancellationToken.None));
        (await unknownVoice.Should().ThrowAsync<VoiceProviderException>()).Which.Should().BeEquivalentTo(
            new { Failure = VoiceProviderFailure.Rejected, Detail = "HTTP 400: voice_not_found: A voice with the voice_id unknown-voice was not found." }, o => o.ExcludingMissingMembers());

        // A stream that stalls after its first piece.
        fixture.ElevenLabs.StallStream = true;
        var stalled = () => Bytes(elevenlabs.Synthesize(new SpeechRequest("Hello", "sarah", AudioFormat.Pcm16Khz), CancellationToken.None));
        (await stalled.Should().ThrowAsync<VoiceProviderException>()).Which.Detail.Should().Be("the stream stalled for more than 1 s");
        fixture.ElevenLabs.StallStream = false;

        // Whisper's error body (OpenAI's shape) reaches the message.
        fixture.OpenAi.WorkOutage = 500;
        var failing = () => whisper.TranscribeAsync(clip, "en", CancellationToken.None);
        (await failing.Should().ThrowAsync<VoiceProviderException>()).Which.Detail.Should().Be("HTTP 500: server_error: The server had an error while processing your request.");
        fixture.OpenAi.WorkOutage = null;

        // A transcription that never answers (another provider: each has its own breaker).
        fixture.OpenRouter.Hang = true;
        var hang = () => openrouterWhisper.TranscribeAsync(clip, "en", CancellationToken.None);
        (await hang.Should().ThrowAsync<VoiceProviderException>()).Which.Detail.Should().Be("no answer within 2 s");
        fixture.OpenRouter.Hang = false;

        // An error chunk in the middle of OpenRouter's stream.
        fixture.OpenRouter.ErrorMidStream = true;
        var openrouter = (await Router.LanguageModelsAsync(CancellationToken.None)).Single(p => p.Name == "openrouter");
        var broken = async () =>
        {
            await foreach (var _ in openrouter.StreamReplyAsync(new ChatPrompt("Be a buyer.", [new ConversationMessage(ConversationRole.User, "Hi")]), CancellationToken.None)) { }
        };
        (await broken.Should().ThrowAsync<VoiceProviderException>()).Which.Failure.Should().Be(VoiceProviderFailure.Unavailable);
        fixture.OpenRouter.ErrorMidStream = false;

        Heal();
        // These failures may have opened breakers: the break passes, so the other tests start afresh.
        fixture.ManualClock.Advance(TimeSpan.FromSeconds(31));
    }

    [Fact]
    public async Task Openais_speech_is_asked_in_its_wire_format_and_its_audio_comes_back_whole_as_declared()
    {
        Heal();
        var speech = (await Router.TextToSpeechAsync(CancellationToken.None)).Single(p => p.Name == "openai-tts");
        var before = fixture.OpenAi.Requests.Count;

        // A persona's ElevenLabs voice: the configured OpenAI voice speaks; PCM comes at OpenAI's 24 kHz.
        var pcm = speech.Synthesize(new SpeechRequest("Sounds interesting, tell me more.", "sarah_professional", AudioFormat.Pcm16Khz), CancellationToken.None);
        pcm.Format.Should().Be(new AudioFormat(AudioEncoding.Pcm16, 24_000));
        (await Bytes(pcm)).Should().Equal(fixture.OpenAi.Speech);
        // One of OpenAI's own voices is spoken as itself; MP3 is asked for as mp3.
        var mp3 = speech.Synthesize(new SpeechRequest("Tell me more.", "Nova", new AudioFormat(AudioEncoding.Mp3, 44_100)), CancellationToken.None);
        mp3.Format.Should().Be(new AudioFormat(AudioEncoding.Mp3, 24_000));
        (await Bytes(mp3)).Should().Equal(fixture.OpenAi.Speech);

        fixture.OpenAi.FormatErrors.Should().BeEmpty();
        var sent = fixture.OpenAi.Requests.Skip(before).ToList();
        sent.Select(r => (r.Method, r.Path)).Should().Equal(("POST", "/v1/audio/speech"), ("POST", "/v1/audio/speech"));
        sent[0].Header("Authorization").Should().Be($"Bearer {FakeSpeechProvider.OpenAiKey}");
        sent[0].Header("Content-Type").Should().StartWith("application/json");
        sent[0].Json.EnumerateObject().Select(p => (p.Name, p.Value.GetString())).Should().BeEquivalentTo(new[]
        {
            ("model", "gpt-4o-mini-tts"), ("input", "Sounds interesting, tell me more."), ("voice", "alloy"), ("response_format", "pcm"),
        });
        sent[1].Json.GetProperty("voice").GetString().Should().Be("nova");
        sent[1].Json.GetProperty("response_format").GetString().Should().Be("mp3");
    }

    [Fact]
    public async Task Elevenlabs_failing_mid_session_fails_over_to_openais_speech_and_back_when_it_recovers()
    {
        var (session, client) = await SessionServedByAsync("textToSpeech", "elevenlabs");

        // ElevenLabs stops answering: after the request timeout the turn is spoken by OpenAI.
        fixture.ElevenLabs.Hang = true;
        var before = fixture.OpenAi.Requests.Count;
        using (var hung = await client.SendAsync(VoiceSessionSeed.Turn(session, text: "Are you still there?")))
        {
            var answer = await hung.ShouldHaveStatus(HttpStatusCode.OK);
            answer.GetProperty("providers").GetProperty("textToSpeech").GetString().Should().Be("openai-tts");
            answer.GetProperty("providers").GetProperty("local").GetBoolean().Should().BeFalse();
            var audio = answer.GetProperty("audio");
            audio.GetProperty("contentType").GetString().Should().Be("audio/wav");
            audio.GetProperty("sampleRate").GetInt32().Should().Be(24_000);
            audio.GetProperty("durationMs").GetInt32().Should().Be(1000, "48,000 bytes of 24 kHz 16-bit mono");
            var wav = Convert.FromBase64String(audio.GetProperty("base64").GetString()!);
            BitConverter.ToInt32(wav, 24).Should().Be(24_000, "the WAV header carries the rate OpenAI's PCM has");
            wav[44..].Should().Equal(fixture.OpenAi.Speech);
            var switched = answer.GetProperty("switches").EnumerateArray().Single();
            switched.GetProperty("kind").GetString().Should().Be("text_to_speech");
            switched.GetProperty("from").GetString().Should().Be("elevenlabs");
            switched.GetProperty("to").GetString().Should().Be("openai-tts");
            var spoken = fixture.OpenAi.Requests.Skip(before).Single(r => r.Path == "/v1/audio/speech").Json;
            spoken.GetProperty("input").GetString().Should().Be(answer.GetProperty("buyerText").GetString());
            spoken.GetProperty("voice").GetString().Should().Be("alloy", "the persona's ElevenLabs voice is no OpenAI voice");
        }
        // Then it answers 503: the session stays on the fallback (no second switch).
        fixture.ElevenLabs.Hang = false;
        fixture.ElevenLabs.WorkOutage = 503;
        using (var outage = await client.SendAsync(VoiceSessionSeed.Turn(session, text: "Hello?")))
        {
            var answer = await outage.ShouldHaveStatus(HttpStatusCode.OK);
            answer.GetProperty("providers").GetProperty("textToSpeech").GetString().Should().Be("openai-tts");
            answer.GetProperty("switches").GetArrayLength().Should().Be(0);
        }
        fixture.OpenAi.FormatErrors.Should().BeEmpty();
        var onFallback = await VoiceSessionSeed.SessionAsync(fixture, session.Id);
        onFallback.TextToSpeechProvider.Should().Be("openai-tts");
        onFallback.ProviderSwitches.Switches.Should().ContainSingle();
        onFallback.ProviderSwitches.Switches[0].Should().BeEquivalentTo(new { Kind = VoiceProviderKind.TextToSpeech, From = "elevenlabs", To = "openai-tts" }, o => o.ExcludingMissingMembers());
        onFallback.ProviderSwitches.Switches[0].Reason.Should().Contain("elevenlabs: no answer within 2 s");

        // ElevenLabs recovers; the break passes and the check passes: the session goes back to it.
        fixture.ElevenLabs.Heal();
        await PassTheBreakAndCheckAsync();
        using (var back = await client.SendAsync(VoiceSessionSeed.Turn(session, text: "So, shall we?")))
        {
            var answer = await back.ShouldHaveStatus(HttpStatusCode.OK);
            answer.GetProperty("providers").GetProperty("textToSpeech").GetString().Should().Be("elevenlabs");
            answer.GetProperty("audio").GetProperty("sampleRate").GetInt32().Should().Be(16_000);
            answer.GetProperty("switches").EnumerateArray().Single().GetProperty("to").GetString().Should().Be("elevenlabs");
        }
        var final = await VoiceSessionSeed.SessionAsync(fixture, session.Id);
        final.TextToSpeechProvider.Should().Be("elevenlabs");
        final.ProviderSwitches.Switches.Select(s => (s.From, s.To)).Should().Equal(("elevenlabs", "openai-tts"), ("openai-tts", "elevenlabs"));
        (await Router.ChooseForNewSessionAsync(CancellationToken.None)).TextToSpeech.Should().Be("elevenlabs");
        PassTheBreakersWindow();
    }

    [Fact]
    public async Task Openais_speech_failures_are_classified_a_wrong_key_unauthorized_a_refused_input_rejected_an_outage_unavailable()
    {
        Heal();
        // The adapter itself on the fake (no breaker in between, so its outcomes do not open one).
        var options = new OpenAIClientOptions { Endpoint = new Uri(fixture.OpenAi.BaseUrl), RetryPolicy = new ClientRetryPolicy(maxRetries: 0) };
        OpenAiSpeech Adapter(string key) =>
            new(new AudioClient("gpt-4o-mini-tts", new ApiKeyCredential(key), options), new OpenAIModelClient(new ApiKeyCredential(key), options), new VoiceProviderSettings());
        Func<Task<byte[]>> Speak(ITextToSpeech speech, string text = "Hello") =>
            () => Bytes(speech.Synthesize(new SpeechRequest(text, "alloy", AudioFormat.Pcm16Khz), CancellationToken.None));

        // A key OpenAI does not know: 401 is Unauthorized, and the health check says so.
        var wrongKey = Adapter("sk-revoked-0000");
        (await Speak(wrongKey).Should().ThrowAsync<VoiceProviderException>()).Which.Should().BeEquivalentTo(
            new { Provider = "openai-tts", Failure = VoiceProviderFailure.Unauthorized, Detail = "HTTP 401: invalid_api_key: Incorrect API key provided." },
            o => o.ExcludingMissingMembers());
        (await wrongKey.ProbeAsync(CancellationToken.None)).Should().Be("HTTP 401: invalid_api_key: Incorrect API key provided.");

        // Input over OpenAI's limit: 400 is Rejected (this request's fault), with OpenAI's message.
        var adapter = Adapter(FakeSpeechProvider.OpenAiKey);
        var rejected = (await Speak(adapter, new string('a', 5000)).Should().ThrowAsync<VoiceProviderException>()).Which;
        rejected.Failure.Should().Be(VoiceProviderFailure.Rejected);
        rejected.Detail.Should().StartWith("HTTP 400: string_above_max_length: Invalid 'input': string too long.");

        // An outage is Unavailable.
        fixture.OpenAi.WorkOutage = 503;
        (await Speak(adapter).Should().ThrowAsync<VoiceProviderException>()).Which.Should().BeEquivalentTo(
            new { Failure = VoiceProviderFailure.Unavailable, Detail = "HTTP 503: server_error: The server had an error while processing your request." },
            o => o.ExcludingMissingMembers());
        fixture.OpenAi.WorkOutage = null;

        // A stream that stops after its first piece, as the router hands the provider out: Unavailable.
        fixture.OpenAi.StallStream = true;
        var guarded = (await Router.TextToSpeechAsync(CancellationToken.None)).Single(p => p.Name == "openai-tts");
        (await Speak(guarded).Should().ThrowAsync<VoiceProviderException>()).Which.Should().BeEquivalentTo(
            new { Failure = VoiceProviderFailure.Unavailable, Detail = "the stream stalled for more than 1 s" }, o => o.ExcludingMissingMembers());
        fixture.OpenAi.FormatErrors.Should().BeEmpty();

        Heal();
        (await Speak(guarded)()).Should().Equal(fixture.OpenAi.Speech);
        PassTheBreakersWindow();
    }

    /// <summary>All fakes healthy, a new session, and its first turn served by this provider for this kind.</summary>
    private async Task<(SeededVoiceSession Session, HttpClient Client)> SessionServedByAsync(string kind, string provider)
    {
        Heal();
        var session = await VoiceSessionSeed.CreateAsync(fixture, fixture.OrgA, fixture.OrgA.Trainee);
        var client = fixture.ClientFor(fixture.OrgA.Trainee);
        using var first = await client.SendAsync(VoiceSessionSeed.Turn(session, text: "Good morning!"));
        (await first.ShouldHaveStatus(HttpStatusCode.OK)).GetProperty("providers").GetProperty(kind).GetString().Should().Be(provider);
        return (session, client);
    }

    /// <summary>The breakers' break passes (the clock moves past it) and the periodic check runs, as the engine would run it.</summary>
    private async Task PassTheBreakAndCheckAsync()
    {
        fixture.ManualClock.Advance(TimeSpan.FromSeconds(31));
        await fixture.Factory.Services.GetRequiredService<VoiceProviderHealthJob>().RunAsync(CancellationToken.None);
    }

    /// <summary>
    /// The breakers count calls over a 60 s window on the manual clock, so this test's successes and
    /// failures would weigh in the next test's: the clock moves past the window.
    /// </summary>
    private void PassTheBreakersWindow() => fixture.ManualClock.Advance(TimeSpan.FromSeconds(61));

    private static async Task<byte[]> Bytes(SpeechStream speech)
    {
        using var all = new MemoryStream();
        await foreach (var chunk in speech.Chunks) all.Write(chunk.Span);
        return all.ToArray();
    }

    private Task<VoiceProviderHealth?> HealthRowAsync(string provider) =>
        fixture.WithDbAsync(db => db.VoiceProviderHealth.AsNoTracking().SingleOrDefaultAsync(h => h.Provider == provider));

    private Task<List<VoiceTraining.Domain.Email.EmailMessage>> AlertsAsync() =>
        fixture.WithDbAsync(db => db.EmailMessages.AsNoTracking().Where(e => e.ToAddress == SpeechProvidersFixture.AlertAddress).ToListAsync());
}
