using System.Globalization;
using System.Text;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Flags;
using VoiceTraining.Application.Voice.Providers;
using VoiceTraining.Domain.Attempts;
using VoiceTraining.Domain.Voice;

namespace VoiceTraining.Application.Voice.Turns.Commands.TakeVoiceTurn;

/// <summary>The trainee's side of a turn as it arrived: an audio file (16 kHz mono 16-bit WAV, or raw PCM as audio/pcm).</summary>
public sealed record TurnAudio(byte[] Bytes, string? ContentType);

/// <summary>
/// One half-duplex turn of a voice session: the trainee's audio (transcribed) or text, the buyer's
/// reply from the LLM (the scenario's prompt, the persona and the conversation so far), and the
/// reply spoken by text-to-speech in the persona's voice. Each step is served by the router's
/// first provider that succeeds; a provider that served a kind other than the session's current
/// one is recorded on the session as a switch. Both sides are appended to the attempt's transcript.
/// The session's member calls it with the session token (X-Voice-Session-Token).
/// </summary>
public sealed record TakeVoiceTurnCommand(Guid SessionId, string? SessionToken, TurnAudio? Audio, string? Text)
    : IRequest<VoiceTurnDto>, IWaitsOnProviders;

internal sealed partial class TakeVoiceTurnCommandHandler(
    IApplicationDbContext db, ICurrentUser user, IFeatureFlags flags, IVoiceProviderRouter router, ITransactionRunner transactions, IRowLocks locks,
    VoiceTurnOptions options, TimeProvider clock, ILogger<TakeVoiceTurnCommandHandler> logger)
    : IRequestHandler<TakeVoiceTurnCommand, VoiceTurnDto>
{
    public async Task<VoiceTurnDto> Handle(TakeVoiceTurnCommand request, CancellationToken cancellationToken)
    {
        var me = user.RequireMemberId();
        var receivedAt = clock.GetUtcNow();
        var session = await db.VoiceSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == request.SessionId, cancellationToken)
                      ?? throw new NotFoundException("Voice session", request.SessionId);
        if (session.MemberId != me) throw new ForbiddenException("This voice session belongs to another member.");
        if (!VoiceTraining.Application.Voice.Sessions.VoiceSessionTokens.Matches(session.TokenHash, request.SessionToken))
            throw new ForbiddenException("The X-Voice-Session-Token header is missing or is not this session's token.");
        if (!session.IsActive) throw new ConflictException($"The voice session has ended ({session.EndReason ?? "ended"}); start a new one.");
        if (session.TokenExpiresAt <= receivedAt) throw new ForbiddenException("The session token has expired; start a new session.");
        // Checked on every turn, not only at start-session: an admin who switches voice AI off for the
        // member, or takes their SIM back, stops a running session at its next turn.
        await flags.EnsureEnabledAsync(session.OrgId, me, FlagKeys.VoiceAiEnabled, cancellationToken);

        var context = await db.Attempts.AsNoTracking().Where(a => a.Id == session.AttemptId)
                          .Select(a => new
                          {
                              a.Transcript,
                              a.Scenario!.AiPrompt,
                              PersonaName = a.Scenario.Persona!.Name,
                              PersonaDescription = a.Scenario.Persona.Description,
                              a.Scenario.Persona.VoiceId,
                              a.Scenario.Persona.Difficulty,
                          })
                          .SingleOrDefaultAsync(cancellationToken)
                      ?? throw new NotFoundException("Attempt", session.AttemptId);

        // 1. The trainee's words.
        var served = new Dictionary<VoiceProviderKind, Served>();
        string userText;
        AudioClip? userAudio = null;
        if (request.Audio is { } audio)
        {
            userAudio = TurnAudioReader.Read(audio) ?? throw new ValidationException("audio", "The audio is not 16 kHz mono 16-bit PCM (WAV or audio/pcm).");
            var stt = await ServeAsync(await router.SpeechToTextAsync(cancellationToken), VoiceProviderKind.SpeechToText,
                p => p.TranscribeAsync(userAudio, options.Language, cancellationToken), cancellationToken);
            served[VoiceProviderKind.SpeechToText] = stt.Served;
            userText = stt.Result.Trim();
            if (userText.Length == 0) throw new ValidationException("audio", "No speech was recognised in the audio.");
        }
        else
        {
            userText = request.Text!.Trim();
        }

        // 2. The buyer's reply.
        var history = context.Transcript.TakeLast(options.MaxHistoryTurns)
            .Select(t => new ConversationMessage(t.Role == "user" ? ConversationRole.User : ConversationRole.Assistant, t.Text));
        var prompt = new ChatPrompt(
            BuyerInstructions.For(context.AiPrompt, context.PersonaName, context.PersonaDescription, context.Difficulty),
            [.. history, new ConversationMessage(ConversationRole.User, userText)])
        {
            Persona = context.PersonaName,
            Temperature = options.Temperature,
            MaxOutputTokens = options.MaxReplyTokens,
        };
        var llm = await ServeAsync(await router.LanguageModelsAsync(cancellationToken), VoiceProviderKind.Llm,
            p => ReplyAsync(p, prompt, cancellationToken), cancellationToken);
        served[VoiceProviderKind.Llm] = llm.Served;
        var buyerText = llm.Result;
        var replyAt = clock.GetUtcNow();

        // 3. The reply, spoken.
        var tts = await ServeAsync(await router.TextToSpeechAsync(cancellationToken), VoiceProviderKind.TextToSpeech,
            p => SpeakAsync(p, new SpeechRequest(buyerText, context.VoiceId, AudioFormat.Pcm16Khz), cancellationToken), cancellationToken);
        served[VoiceProviderKind.TextToSpeech] = tts.Served;
        var reply = tts.Result.Format.Encoding == AudioEncoding.Pcm16 ? tts.Result.ToWav() : tts.Result;

        // 4. Both sides on the transcript, the switches on the session.
        var userAtMs = MillisecondsSince(session.StartedAt, receivedAt);
        var buyerAtMs = Math.Max(userAtMs, MillisecondsSince(session.StartedAt, replyAt));
        var switches = await transactions.RunAsync(async ct =>
        {
            await locks.LockAttemptAsync(session.AttemptId, ct);
            var current = await db.VoiceSessions.SingleAsync(s => s.Id == session.Id, ct);
            if (!current.IsActive) throw new ConflictException($"The voice session ended ({current.EndReason}) while the turn was being answered.");
            var attempt = await db.Attempts.SingleAsync(a => a.Id == current.AttemptId, ct);
            var now = clock.GetUtcNow();
            var recorded = new List<VoiceProviderSwitchDto>();
            foreach (var (kind, by) in served)
            {
                var from = ProviderOf(current, kind);
                if (from == by.Name) continue;
                var reason = SwitchReason(from, by);
                current.SwitchProvider(kind, by.Name, reason, now);
                recorded.Add(new VoiceProviderSwitchDto { Kind = kind, From = from, To = by.Name, Reason = reason });
            }
            attempt.AppendTurns(
            [
                new TranscriptTurn { Role = "user", Text = userText, TimestampMs = userAtMs, EndMs = userAudio is null ? null : userAtMs + (long)userAudio.Duration.TotalMilliseconds },
                new TranscriptTurn { Role = "assistant", Text = buyerText, TimestampMs = buyerAtMs, EndMs = buyerAtMs + (long)reply.Duration.TotalMilliseconds },
            ], now);
            current.RecordActivity(now);
            await db.SaveChangesAsync(ct);
            return recorded;
        }, cancellationToken);

        return new VoiceTurnDto
        {
            SessionId = session.Id,
            UserText = userText,
            BuyerText = buyerText,
            Audio = new VoiceTurnAudioDto
            {
                ContentType = reply.Format.ContentType,
                SampleRate = reply.Format.SampleRate,
                Channels = reply.Format.Channels,
                DurationMs = (int)reply.Duration.TotalMilliseconds,
                Base64 = Convert.ToBase64String(reply.Data.Span),
            },
            Providers = new VoiceTurnProvidersDto
            {
                SpeechToText = served.TryGetValue(VoiceProviderKind.SpeechToText, out var s) ? s.Name : null,
                Llm = llm.Served.Name,
                TextToSpeech = tts.Served.Name,
                Local = served.Values.Any(v => v.IsLocal),
            },
            Switches = switches,
            UserAtMs = userAtMs,
            BuyerAtMs = buyerAtMs,
        };
    }

    /// <summary>Who served a kind this turn, whether it was the router's first choice, and what failed before it.</summary>
    private sealed record Served(string Name, bool IsLocal, bool FirstChoice, IReadOnlyList<string> Failures);

    /// <summary>Tries the candidates in order until one serves; a turn fails only when every candidate did (502).</summary>
    private async Task<(T Result, Served Served)> ServeAsync<TProvider, T>(IReadOnlyList<TProvider> candidates, VoiceProviderKind kind,
        Func<TProvider, Task<T>> call, CancellationToken cancellationToken)
        where TProvider : IVoiceProvider
    {
        var label = Label(kind);
        if (candidates.Count == 0)
            throw new UpstreamFailureException(label, $"No {label} provider is available now (every configured one is unhealthy); try again shortly.");
        var failures = new List<string>();
        foreach (var provider in candidates)
        {
            try
            {
                var result = await call(provider);
                return (result, new Served(provider.Name, provider.IsLocal, failures.Count == 0 && ReferenceEquals(provider, candidates[0]), failures));
            }
            catch (VoiceProviderException e) when (!cancellationToken.IsCancellationRequested)
            {
                LogProviderFailed(logger, e.Provider, label, e.Detail);
                failures.Add(e.Message);
            }
        }
        throw new UpstreamFailureException(label, $"Every {label} provider failed: {string.Join("; ", failures)}");
    }

    private static async Task<string> ReplyAsync(ILanguageModel model, ChatPrompt prompt, CancellationToken cancellationToken)
    {
        var reply = new StringBuilder();
        await foreach (var delta in model.StreamReplyAsync(prompt, cancellationToken)) reply.Append(delta);
        var text = reply.ToString().Trim();
        return text.Length > 0 ? text : throw new VoiceProviderException(model.Name, VoiceProviderKind.Llm, VoiceProviderFailure.Unavailable, "the reply was empty");
    }

    private async Task<AudioClip> SpeakAsync(ITextToSpeech voice, SpeechRequest request, CancellationToken cancellationToken)
    {
        var speech = voice.Synthesize(request, cancellationToken);
        using var buffer = new MemoryStream();
        await foreach (var chunk in speech.Chunks)
        {
            if (buffer.Length + chunk.Length > options.MaxReplyAudioBytes)
                throw new VoiceProviderException(voice.Name, VoiceProviderKind.TextToSpeech, VoiceProviderFailure.Rejected,
                    string.Create(CultureInfo.InvariantCulture, $"the spoken reply is longer than {options.MaxReplyAudioBytes} bytes"));
            buffer.Write(chunk.Span);
        }
        if (buffer.Length == 0) throw new VoiceProviderException(voice.Name, VoiceProviderKind.TextToSpeech, VoiceProviderFailure.Unavailable, "no audio came back");
        return new AudioClip(buffer.ToArray(), speech.Format);
    }

    private static string SwitchReason(string from, Served by) =>
        by.Failures.Count > 0 ? $"failed over: {string.Join("; ", by.Failures)}"
        : by.FirstChoice ? $"{by.Name} is the preferred provider and is healthy again"
        : $"{from} is unhealthy";

    private static string ProviderOf(VoiceSession session, VoiceProviderKind kind) => kind switch
    {
        VoiceProviderKind.SpeechToText => session.SpeechToTextProvider,
        VoiceProviderKind.TextToSpeech => session.TextToSpeechProvider,
        _ => session.LlmProvider,
    };

    private static long MillisecondsSince(DateTimeOffset start, DateTimeOffset at) => Math.Max(0, (long)(at - start).TotalMilliseconds);

    private static string Label(VoiceProviderKind kind) => kind switch
    {
        VoiceProviderKind.SpeechToText => "speech-to-text",
        VoiceProviderKind.TextToSpeech => "text-to-speech",
        _ => "LLM",
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Voice turn: {Provider} failed as {Kind}, trying the next provider: {Error}")]
    private static partial void LogProviderFailed(ILogger logger, string provider, string kind, string error);
}
