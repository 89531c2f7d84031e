using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using VoiceTraining.Application.Common.Interfaces;

namespace VoiceTraining.Infrastructure.Email.Inbound;

/// <summary>
/// reply+{token}@{domain}, token = base64url(attempt id (16 bytes) ‖ the first 10 bytes of
/// HMAC-SHA256(key, attempt id)). Without a key or a domain there are no reply addresses.
/// </summary>
internal sealed class AttemptReplyAddresses(byte[]? key, string? domain) : IAttemptReplyAddresses
{
    private const string LocalPrefix = "reply+";
    private const int MacBytes = 10;

    public string? ForAttempt(Guid orgId, Guid attemptId)
    {
        if (key is null || string.IsNullOrWhiteSpace(domain)) return null;
        var id = attemptId.ToByteArray();
        var token = new byte[16 + MacBytes];
        id.CopyTo(token, 0);
        HMACSHA256.HashData(key, id).AsSpan(0, MacBytes).CopyTo(token.AsSpan(16));
        return $"{LocalPrefix}{WebEncoders.Base64UrlEncode(token)}@{domain.Trim()}";
    }

    public Guid? TryReadAttemptId(string address)
    {
        if (key is null) return null;
        var at = address.LastIndexOf('@');
        var local = (at < 0 ? address : address[..at]).Trim().Trim('<');
        if (!local.StartsWith(LocalPrefix, StringComparison.OrdinalIgnoreCase)) return null;
        byte[] token;
        try { token = WebEncoders.Base64UrlDecode(local[LocalPrefix.Length..]); }
        catch (FormatException) { return null; }
        if (token.Length != 16 + MacBytes) return null;
        var mac = HMACSHA256.HashData(key, token.AsSpan(0, 16));
        return CryptographicOperations.FixedTimeEquals(mac.AsSpan(0, MacBytes), token.AsSpan(16)) ? new Guid(token.AsSpan(0, 16)) : null;
    }

    /// <summary>The key: Email:ReplyTokenSecret, else derived from the Mailgun signing key that inbound mail needs anyway.</summary>
    public static byte[]? KeyFrom(string? replyTokenSecret, string? mailgunSigningKey)
    {
        var secret = !string.IsNullOrWhiteSpace(replyTokenSecret) ? replyTokenSecret : mailgunSigningKey;
        return string.IsNullOrWhiteSpace(secret) ? null : HMACSHA256.HashData(Encoding.UTF8.GetBytes("reply-address"), Encoding.UTF8.GetBytes(secret.Trim()));
    }
}
