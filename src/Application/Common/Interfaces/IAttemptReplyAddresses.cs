namespace VoiceTraining.Application.Common.Interfaces;

/// <summary>
/// The reply address of an attempt's feedback email: a reply sent to it becomes a comment in the
/// attempt's thread. reply+{token}@{domain}, where the token is base64url(attempt id ‖ first 10
/// bytes of HMAC-SHA256(key, attempt id)), so it cannot be guessed or altered.
/// </summary>
public interface IAttemptReplyAddresses
{
    /// <summary>The address, or null when no reply domain is configured.</summary>
    string? ForAttempt(Guid orgId, Guid attemptId);

    /// <summary>The attempt an address (bare or "Name &lt;address&gt;") was made for, or null when it is not a genuine reply address.</summary>
    Guid? TryReadAttemptId(string address);
}
