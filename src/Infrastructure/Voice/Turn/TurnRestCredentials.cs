using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace VoiceTraining.Infrastructure.Voice.Turn;

/// <summary>
/// Time-limited TURN credentials in the TURN REST form (draft-uberti-behave-turn-rest), the one
/// coturn checks under <c>use-auth-secret</c>: the username is <c>{unix expiry}:{user}</c>, the password
/// base64(HMAC-SHA1(shared secret, username)). The TURN server recomputes the password from the
/// username and refuses it once the expiry has passed, so nothing is stored or shared per session.
/// </summary>
public static class TurnRestCredentials
{
    public static string Username(DateTimeOffset expiresAt, string user) =>
        expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + ":" + user;

    // SHA-1 is not our choice: TURN's long-term credentials (RFC 8489 MESSAGE-INTEGRITY) and coturn's
    // REST scheme are defined with HMAC-SHA1, and a TURN server recomputes exactly this.
#pragma warning disable CA5350
    public static string Password(string sharedSecret, string username) =>
        Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(sharedSecret), Encoding.UTF8.GetBytes(username)));
#pragma warning restore CA5350
}
