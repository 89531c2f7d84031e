using System.Text.Json;

namespace VoiceTraining.Application.ProviderWebhooks;

/// <summary>Whether a delivery is authentic. <see cref="Reason"/> is for the log only: the answer does not say why.</summary>
public sealed record InboundVerification
{
    private InboundVerification(string? reason) => Reason = reason;

    public static InboundVerification Authentic { get; } = new((string?)null);

    public static InboundVerification NotAuthentic(string reason) => new(reason);

    /// <summary>From a verifier that answers null when authentic, else why not.</summary>
    public static InboundVerification Unless(string? whyRejected) => whyRejected is null ? Authentic : NotAuthentic(whyRejected);

    public bool IsAuthentic => Reason is null;

    public string? Reason { get; }
}

/// <summary>A verified delivery read as data.</summary>
public abstract record InboundTranslation<TCommand>
{
    private InboundTranslation() { }

    /// <summary>Send <paramref name="Command"/>; <paramref name="Type"/> is the provider's event type, echoed in the receipt.</summary>
    public sealed record Send(string Type, TCommand Command) : InboundTranslation<TCommand>;

    /// <summary>A type the product does not act on: acknowledged as "ignored".</summary>
    public sealed record Ignore(string Type) : InboundTranslation<TCommand>;

    /// <summary>Authentic but not readable. <paramref name="Detail"/> is our own wording, for the answer; <paramref name="Reason"/>, for the log, may quote a library.</summary>
    public sealed record Unreadable(string Detail, string? Reason = null) : InboundTranslation<TCommand>;
}

/// <summary>What a command's result means for the provider.</summary>
public abstract record InboundOutcome
{
    private InboundOutcome() { }

    /// <summary>Taken (applied, duplicate, ignored …): the provider stops sending it.</summary>
    public sealed record Accepted(string Outcome) : InboundOutcome;

    /// <summary>The delivery's one-time token was used before: as good as a stale signature.</summary>
    public sealed record Replayed(string Detail) : InboundOutcome;

    /// <summary>Authentic and readable, but it will never be taken: the provider should not retry.</summary>
    public sealed record Undeliverable(string Detail) : InboundOutcome;

    /// <summary>An outcome enum's value in snake_case ("UnknownCall" → "unknown_call").</summary>
    public static Accepted Of<TEnum>(TEnum outcome) where TEnum : struct, Enum =>
        new(JsonNamingPolicy.SnakeCaseLower.ConvertName(outcome.ToString()));
}
