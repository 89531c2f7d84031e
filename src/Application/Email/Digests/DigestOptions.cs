namespace VoiceTraining.Application.Email.Digests;

/// <summary>When manager digests go out (section "Email").</summary>
public sealed class DigestOptions
{
    /// <summary>The UTC hour from which a period's digest is due (daily: each day; weekly: on Mondays).</summary>
    public int DigestHourUtc { get; set; } = 8;
}
