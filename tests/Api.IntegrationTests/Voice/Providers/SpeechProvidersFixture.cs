using VoiceTraining.Api.IntegrationTests.Infrastructure;

namespace VoiceTraining.Api.IntegrationTests.Voice.Providers;

/// <summary>
/// The API with real adapters pointed at fake providers: OpenAI (Whisper, chat), OpenRouter (chat,
/// Whisper), ElevenLabs and OpenAI's speech (the text-to-speech fallback), with breakers and timeouts short enough to test, and the alert address set.
/// The clock is manual so breaks and holds are passed by moving it.
/// </summary>
public sealed class SpeechProvidersFixture : ApiFixture
{
    public const string AlertAddress = "ops@voice.example.test";

    private readonly ManualClock _clock = new();

    public FakeSpeechProvider OpenAi { get; private set; } = null!;
    public FakeSpeechProvider OpenRouter { get; private set; } = null!;
    public FakeSpeechProvider ElevenLabs { get; private set; } = null!;
    public ManualClock ManualClock => _clock;
    public override TimeProvider? Clock => _clock;

    protected override void Configure(IDictionary<string, string?> settings)
    {
        settings["VoiceProviders:Mode"] = "auto";
        settings["OPENAI_API_KEY"] = FakeSpeechProvider.OpenAiKey;
        settings["OPENAI_API_BASE_URL"] = OpenAi.BaseUrl;
        settings["OPENROUTER_API_KEY"] = FakeSpeechProvider.OpenRouterKey;
        settings["OPENROUTER_API_BASE_URL"] = OpenRouter.BaseUrl;
        settings["ELEVENLABS_API_KEY"] = FakeSpeechProvider.ElevenLabsKey;
        settings["ELEVENLABS_API_BASE_URL"] = ElevenLabs.BaseUrl;
        settings["ADMIN_ALERT_EMAIL"] = AlertAddress;
        settings["VoiceProviders:BreakerMinimumThroughput"] = "2";
        settings["VoiceProviders:BreakerFailureRatio"] = "0.5";
        settings["VoiceProviders:BreakerBreakDuration"] = "00:00:30";
        settings["VoiceProviders:UnhealthyAfter"] = "1";
        settings["VoiceProviders:RequestTimeout"] = "00:00:02";
        settings["VoiceProviders:StreamIdleTimeout"] = "00:00:01";
    }

    public override async Task InitializeAsync()
    {
        OpenAi = await FakeSpeechProvider.StartAsync(SpeechFlavor.OpenAi);
        // One second of OpenAI's 24 kHz PCM, unlike ElevenLabs' bytes, so a reply shows who spoke it.
        OpenAi.Speech = Enumerable.Range(0, 48_000).Select(i => (byte)(i * 13 % 241)).ToArray();
        OpenRouter = await FakeSpeechProvider.StartAsync(SpeechFlavor.OpenRouter);
        ElevenLabs = await FakeSpeechProvider.StartAsync(SpeechFlavor.ElevenLabs);
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await OpenAi.DisposeAsync();
        await OpenRouter.DisposeAsync();
        await ElevenLabs.DisposeAsync();
    }
}
