namespace VoiceTraining.Application.Common.Interfaces;

/// <summary>
/// The reply address of an attempt's feedback email: a reply sent to it becomes a comment in the
/// attempt's thread. The address carries the attempt id and a MAC, so it cannot be guessed.
/// </summary>
public interface IAttemptReplyAddresses
{
    /// <summary>The address, or null when inbound email is not set up (no reply domain).</summary>
    string? ForAttempt(Guid orgId, Guid attemptId);

    /// <summary>The attempt an address was made for, or null when it is not a valid reply address.</summary>
    Guid? TryReadAttemptId(string address);
}
