using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using VoiceTraining.Application.Voice.Providers;
using VoiceTraining.Domain.Voice;

namespace VoiceTraining.Infrastructure.Voice.Providers;

/// <summary>
/// One provider's live calls on this instance: a Polly circuit breaker (failure ratio over a sampling
/// window, then a break; the first call after the break is the trial) and the calls' timeouts. A
/// stream counts as one call from its request to its last piece, so a stream that breaks off or
/// stalls counts as a failure, and one the caller stops reading early (a barge-in) does not.
/// </summary>
internal sealed partial class ProviderBreaker
{
    private readonly ResiliencePipeline _pipeline;
    private readonly CircuitBreakerStateProvider _state = new();
    private readonly VoiceProviderSettings _settings;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private long _openUntilTicks;

    public ProviderBreaker(string name, VoiceProviderKind kind, VoiceProviderSettings settings, TimeProvider clock, ILogger logger,
        Func<ProviderBreaker, string, TimeSpan, Task>? opened = null, Func<ProviderBreaker, Task>? closed = null)
    {
        Name = name;
        Kind = kind;
        _settings = settings;
        _clock = clock;
        _logger = logger;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = clock }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = settings.BreakerFailureRatio,
                MinimumThroughput = settings.BreakerMinimumThroughput,
                SamplingDuration = settings.BreakerSamplingDuration,
                BreakDuration = settings.BreakerBreakDuration,
                // Only failures that say the provider is unwell; a refused request (unknown voice) does not.
                ShouldHandle = new PredicateBuilder().Handle<VoiceProviderException>(e => e.CountsAgainstHealth),
                StateProvider = _state,
                OnOpened = async args =>
                {
                    Interlocked.Exchange(ref _openUntilTicks, (_clock.GetUtcNow() + args.BreakDuration).UtcTicks);
                    var error = args.Outcome.Exception is VoiceProviderException e ? e.Detail : args.Outcome.Exception?.Message ?? "calls failed";
                    LogOpened(_logger, Name, args.BreakDuration.TotalSeconds, error);
                    if (opened is not null) await opened(this, error, args.BreakDuration);
                },
                OnHalfOpened = _ =>
                {
                    LogHalfOpened(_logger, Name);
                    return default;
                },
                OnClosed = async _ =>
                {
                    Interlocked.Exchange(ref _openUntilTicks, 0);
                    LogClosed(_logger, Name);
                    if (closed is not null) await closed(this);
                },
            })
            .Build();
    }

    public string Name { get; }
    public VoiceProviderKind Kind { get; }

    /// <summary>
    /// Closed; open until the break ends; half-open once it has (Polly moves to half-open only when the
    /// next call arrives, so an open breaker whose break is over is reported as half-open: it lets the trial through).
    /// </summary>
    public BreakerState State => _state.CircuitState switch
    {
        CircuitState.Closed => BreakerState.Closed,
        CircuitState.HalfOpen => BreakerState.HalfOpen,
        _ => OpenUntil is { } until && until > _clock.GetUtcNow() ? BreakerState.Open : BreakerState.HalfOpen,
    };

    public DateTimeOffset? OpenUntil => Interlocked.Read(ref _openUntilTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    public bool AllowsCalls => State != BreakerState.Open;

    /// <summary>One call, answered within the request timeout.</summary>
    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await _pipeline.ExecuteAsync(async token =>
            {
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(token);
                deadline.CancelAfter(_settings.RequestTimeout);
                try
                {
                    return await call(deadline.Token);
                }
                catch (OperationCanceledException) when (deadline.IsCancellationRequested && !token.IsCancellationRequested)
                {
                    throw TimedOut(first: true);
                }
            }, cancellationToken);
        }
        catch (BrokenCircuitException e)
        {
            throw Broken(e);
        }
    }

    /// <summary>
    /// A stream, as one call: its first piece within the request timeout, each next one within the
    /// stream idle timeout (the time the caller takes to read a piece is not counted). The pieces go
    /// through a small channel so the whole stream runs inside the breaker's execution.
    /// </summary>
    public async IAsyncEnumerable<T> StreamAsync<T>(Func<CancellationToken, IAsyncEnumerable<T>> open, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<T>(new BoundedChannelOptions(32) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pump = Task.Run(async () =>
        {
            try
            {
                await _pipeline.ExecuteAsync(async token =>
                {
                    using var idle = CancellationTokenSource.CreateLinkedTokenSource(token);
                    idle.CancelAfter(_settings.RequestTimeout);
                    var first = true;
                    var pieces = open(idle.Token).GetAsyncEnumerator(idle.Token);
                    try
                    {
                        while (true)
                        {
                            try
                            {
                                if (!await pieces.MoveNextAsync()) break;
                            }
                            catch (OperationCanceledException) when (idle.IsCancellationRequested && !token.IsCancellationRequested)
                            {
                                throw TimedOut(first);
                            }
                            first = false;
                            idle.CancelAfter(Timeout.InfiniteTimeSpan);
                            await channel.Writer.WriteAsync(pieces.Current, token);
                            idle.CancelAfter(_settings.StreamIdleTimeout);
                        }
                    }
                    finally
                    {
                        await pieces.DisposeAsync();
                    }
                }, stop.Token);
                channel.Writer.TryComplete();
            }
            catch (BrokenCircuitException e)
            {
                channel.Writer.TryComplete(Broken(e));
            }
            catch (Exception e)
            {
                channel.Writer.TryComplete(e);
            }
        }, CancellationToken.None);

        try
        {
            await foreach (var piece in channel.Reader.ReadAllAsync(cancellationToken)) yield return piece;
        }
        finally
        {
            // Done, failed, or the caller stopped reading: either way the stream's request ends here.
            await stop.CancelAsync();
            try { await pump; }
            catch (OperationCanceledException) { }
        }
    }

    private VoiceProviderException TimedOut(bool first) => new(Name, Kind, VoiceProviderFailure.Unavailable, first
        ? string.Create(CultureInfo.InvariantCulture, $"no answer within {_settings.RequestTimeout.TotalSeconds:0.#} s")
        : string.Create(CultureInfo.InvariantCulture, $"the stream stalled for more than {_settings.StreamIdleTimeout.TotalSeconds:0.#} s"));

    private VoiceProviderException Broken(BrokenCircuitException e) =>
        new(Name, Kind, VoiceProviderFailure.Unavailable, "its circuit breaker is open after repeated failures; calls are held off", e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Voice provider {Provider}: circuit breaker OPEN for {Seconds} s after failing live calls: {Error}")]
    private static partial void LogOpened(ILogger logger, string provider, double seconds, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Voice provider {Provider}: circuit breaker half-open, the next call is a trial")]
    private static partial void LogHalfOpened(ILogger logger, string provider);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Voice provider {Provider}: circuit breaker closed, live calls succeed again")]
    private static partial void LogClosed(ILogger logger, string provider);
}

/// <summary>The adapters as the router hands them out: every call through the provider's breaker and timeouts.</summary>
internal sealed class GuardedSpeechToText(ISpeechToText inner, ProviderBreaker breaker) : ISpeechToText
{
    public ISpeechToText Inner => inner;
    public string Name => inner.Name;
    public bool IsLocal => inner.IsLocal;
    public ProviderBreaker Breaker => breaker;

    public Task<string> TranscribeAsync(AudioClip audio, string? language, CancellationToken cancellationToken) =>
        breaker.ExecuteAsync(ct => inner.TranscribeAsync(audio, language, ct), cancellationToken);
}

internal sealed class GuardedLanguageModel(ILanguageModel inner, ProviderBreaker breaker) : ILanguageModel
{
    public ILanguageModel Inner => inner;
    public string Name => inner.Name;
    public bool IsLocal => inner.IsLocal;
    public ProviderBreaker Breaker => breaker;

    public IAsyncEnumerable<string> StreamReplyAsync(ChatPrompt prompt, CancellationToken cancellationToken) =>
        breaker.StreamAsync(ct => inner.StreamReplyAsync(prompt, ct), cancellationToken);
}

internal sealed class GuardedTextToSpeech(ITextToSpeech inner, ProviderBreaker breaker) : ITextToSpeech
{
    public ITextToSpeech Inner => inner;
    public string Name => inner.Name;
    public bool IsLocal => inner.IsLocal;
    public ProviderBreaker Breaker => breaker;

    public SpeechStream Synthesize(SpeechRequest request, CancellationToken cancellationToken)
    {
        // Synthesis is lazy: the first call only declares the format; the stream that runs is the
        // one started inside the breaker, with its token.
        var format = inner.Synthesize(request, CancellationToken.None).Format;
        return new SpeechStream(format, breaker.StreamAsync(ct => inner.Synthesize(request, ct).Chunks, cancellationToken));
    }
}
