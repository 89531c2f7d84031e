using VoiceTraining.Application.Voice.Providers;
using VoiceTraining.Application.Voice.Turns;
using VoiceTraining.Domain.Voice;
using VoiceTraining.Infrastructure.Voice.Providers;
using VoiceTraining.Infrastructure.Voice.Providers.Local;
using VoiceTraining.Infrastructure.Voice.Providers.OpenAi;

namespace VoiceTraining.UnitTests.Infrastructure.Voice;

public class VoiceProviderPiecesTests
{
    [Theory]
    [InlineData("""{"error":{"message":"Incorrect API key provided.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}""", "invalid_api_key: Incorrect API key provided.")]
    [InlineData("""{"error":{"code":502,"message":"Provider disconnected"}}""", "502: Provider disconnected")]
    [InlineData("""{"detail":{"status":"quota_exceeded","message":"You have insufficient quota"}}""", "quota_exceeded: You have insufficient quota")]
    [InlineData("""{"detail":[{"loc":["body","text"],"msg":"field required","type":"value_error.missing"}]}""", "field required")]
    [InlineData("upstream connect error", "upstream connect error")]
    [InlineData("<html><body>502 Bad Gateway</body></html>", null)]
    [InlineData("", null)]
    public void Provider_error_bodies_are_read_in_each_providers_shape(string body, string? expected) =>
        ProviderErrors.Describe(body).Should().Be(expected);

    [Theory]
    [InlineData(500, VoiceProviderFailure.Unavailable)]
    [InlineData(503, VoiceProviderFailure.Unavailable)]
    [InlineData(429, VoiceProviderFailure.Unavailable)]
    [InlineData(408, VoiceProviderFailure.Unavailable)]
    [InlineData(401, VoiceProviderFailure.Unauthorized)]
    [InlineData(402, VoiceProviderFailure.Unauthorized)]
    [InlineData(400, VoiceProviderFailure.Rejected)]
    [InlineData(404, VoiceProviderFailure.Rejected)]
    [InlineData(422, VoiceProviderFailure.Rejected)]
    public void Statuses_are_classified_by_what_they_say_about_the_provider(int status, VoiceProviderFailure failure) =>
        ProviderErrors.Classify(status).Should().Be(failure);

    [Fact]
    public void A_wav_written_is_read_back_with_its_format_and_samples()
    {
        var pcm = Enumerable.Range(0, 3200).Select(i => (byte)i).ToArray();
        var wav = WavAudio.Wrap(pcm, 16_000, 1);
        var read = WavAudio.TryRead(wav, out var problem);
        problem.Should().BeNull();
        read!.Value.Format.Should().Be(new AudioFormat(AudioEncoding.Wav, 16_000));
        wav.AsSpan(read.Value.DataOffset, read.Value.DataLength).ToArray().Should().Equal(pcm);
        new AudioClip(pcm, AudioFormat.Pcm16Khz).Duration.Should().Be(TimeSpan.FromMilliseconds(100));
        new AudioClip(wav, AudioFormat.Wav16Khz).Duration.Should().Be(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Files_that_are_not_pcm_wav_say_why()
    {
        WavAudio.TryRead("ID3\u0004 mp3 bytes"u8.ToArray(), out var notWav).Should().BeNull();
        notWav.Should().Contain("not a WAV");
        var eightBit = WavAudio.Wrap(new byte[100], 16_000, 1);
        eightBit[34] = 8;
        WavAudio.TryRead(eightBit, out var bits).Should().BeNull();
        bits.Should().Contain("16-bit PCM");
    }

    [Fact]
    public void Session_tokens_match_their_stored_hash_in_either_case_only()
    {
        var hash = VoiceTraining.Application.Voice.Sessions.VoiceSessionTokens.Hash("vst_abc");
        VoiceTraining.Application.Voice.Sessions.VoiceSessionTokens.Matches(hash, "vst_abc").Should().BeTrue();
        VoiceTraining.Application.Voice.Sessions.VoiceSessionTokens.Matches(hash.ToUpperInvariant(), "vst_abc").Should().BeTrue();
        VoiceTraining.Application.Voice.Sessions.VoiceSessionTokens.Matches(hash, "vst_abd").Should().BeFalse();
        VoiceTraining.Application.Voice.Sessions.VoiceSessionTokens.Matches(hash, null).Should().BeFalse();
        VoiceTraining.Application.Voice.Sessions.VoiceSessionTokens.Matches("", "vst_abc").Should().BeFalse();
    }

    [Fact]
    public async Task The_local_buyer_follows_its_script_by_turn_in_the_personas_name()
    {
        var buyer = new LocalBuyer();
        async Task<string> Reply(params ConversationMessage[] messages)
        {
            var text = "";
            await foreach (var delta in buyer.StreamReplyAsync(new ChatPrompt("x", messages) { Persona = "Sarah" }, CancellationToken.None)) text += delta;
            return text;
        }
        (await Reply(new ConversationMessage(ConversationRole.User, "Hi"))).Should().Be("[local AI buyer] Hello, this is Sarah. You asked for a few minutes of my time: what is this about?");
        var later = await Reply(new(ConversationRole.User, "Hi"), new(ConversationRole.Assistant, "Hello"), new(ConversationRole.User, "Because"));
        later.Should().Be("[local AI buyer] I see. Why would that matter to us right now?");
    }

    [Fact]
    public async Task The_local_voice_is_pcm_as_long_as_the_words_would_take()
    {
        var speech = new LocalTextToSpeech().Synthesize(new SpeechRequest("one two three four five six seven eight nine ten", "v", AudioFormat.Pcm16Khz), CancellationToken.None);
        speech.Format.Should().Be(AudioFormat.Pcm16Khz);
        var bytes = 0;
        await foreach (var chunk in speech.Chunks) bytes += chunk.Length;
        bytes.Should().Be((int)(3.5 * 16_000) * 2);
    }

    [Theory]
    [InlineData("auto", true, "openai-whisper,openrouter-whisper", new[] { "openai-whisper" })]
    [InlineData("auto", true, "openrouter-whisper,openai-whisper", new[] { "openai-whisper" })]
    [InlineData("local", true, "openai-whisper,openrouter-whisper", new[] { "local-speech-to-text" })]
    [InlineData("off", true, "openai-whisper", new string[0])]
    public void A_kind_gets_the_configured_providers_with_keys_in_order(string mode, bool openAiKey, string order, string[] expected)
    {
        var settings = new VoiceProviderSettings
        {
            Mode = Enum.Parse<VoiceProviderMode>(mode, ignoreCase: true),
            OpenAiApiKey = openAiKey ? "sk" : null,
            SpeechToText = order,
        };
        VoiceProviderServiceCollectionExtensions.Chain(settings, VoiceProviderKind.SpeechToText, development: false).Should().Equal(expected);
    }

    [Fact]
    public void Without_keys_development_gets_the_local_stand_in_and_production_refuses_to_start()
    {
        var settings = new VoiceProviderSettings();
        VoiceProviderServiceCollectionExtensions.Chain(settings, VoiceProviderKind.TextToSpeech, development: true).Should().Equal("local-text-to-speech");
        var production = () => VoiceProviderServiceCollectionExtensions.Chain(settings, VoiceProviderKind.TextToSpeech, development: false);
        production.Should().Throw<InvalidOperationException>().WithMessage("*ELEVENLABS_API_KEY or OPENAI_API_KEY*VoiceProviders:Mode=local*");
        var both = new VoiceProviderSettings { OpenAiApiKey = "sk", OpenRouterApiKey = "or" };
        VoiceProviderServiceCollectionExtensions.Chain(both, VoiceProviderKind.Llm, development: false).Should().Equal("openai", "openrouter");
    }

    [Theory]
    [InlineData(false, true, new[] { "openai-tts" })]
    [InlineData(true, false, new[] { "elevenlabs" })]
    [InlineData(true, true, new[] { "elevenlabs", "openai-tts" })]
    public void Text_to_speech_is_elevenlabs_then_openais_speech_on_the_openai_key(bool elevenLabsKey, bool openAiKey, string[] expected)
    {
        var settings = new VoiceProviderSettings { ElevenLabsApiKey = elevenLabsKey ? "xi" : null, OpenAiApiKey = openAiKey ? "sk" : null };
        VoiceProviderServiceCollectionExtensions.Chain(settings, VoiceProviderKind.TextToSpeech, development: false).Should().Equal(expected);
    }

    [Theory]
    [InlineData(AudioEncoding.Pcm16, 16_000, "pcm", AudioEncoding.Pcm16)]
    [InlineData(AudioEncoding.Pcm16, 44_100, "pcm", AudioEncoding.Pcm16)]
    [InlineData(AudioEncoding.Wav, 16_000, "pcm", AudioEncoding.Pcm16)]
    [InlineData(AudioEncoding.Mp3, 44_100, "mp3", AudioEncoding.Mp3)]
    public void Openais_speech_is_asked_for_pcm_or_mp3_and_declared_at_its_one_rate(AudioEncoding wanted, int rate, string responseFormat, AudioEncoding encoding)
    {
        var (asked, format) = OpenAiSpeech.OutputFor(new AudioFormat(wanted, rate));
        asked.Should().Be(responseFormat);
        format.Should().Be(new AudioFormat(encoding, 24_000));
    }

    [Theory]
    [InlineData("sarah_professional", "alloy")]
    [InlineData("21m00Tcm4TlvDq8ikWAM", "alloy")]
    [InlineData("", "alloy")]
    [InlineData("Nova", "nova")]
    [InlineData(" shimmer ", "shimmer")]
    public void A_personas_voice_is_spoken_by_openai_only_when_it_is_one_of_its_own(string voiceId, string expected) =>
        OpenAiSpeech.VoiceFor(voiceId, "alloy").Should().Be(expected);

    [Fact]
    public void The_openai_speech_settings_are_checked()
    {
        var validator = new VoiceProviderSettingsValidator();
        validator.Validate(new VoiceProviderSettings()).IsValid.Should().BeTrue();
        validator.Validate(new VoiceProviderSettings { OpenAiSpeechVoice = "rachel" }).Errors.Should().ContainSingle()
            .Which.ErrorMessage.Should().Contain("OPENAI_SPEECH_VOICE").And.Contain("alloy, ash, ballad");
        validator.Validate(new VoiceProviderSettings { OpenAiSpeechModel = "" }).Errors.Should().ContainSingle()
            .Which.ErrorMessage.Should().Contain("OpenAiSpeechModel");
        validator.Validate(new VoiceProviderSettings { TextToSpeech = "openai-tts,elevenlabs" }).IsValid.Should().BeTrue();
    }
}
