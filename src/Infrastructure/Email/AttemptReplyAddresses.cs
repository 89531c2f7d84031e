using System.Buffers.Text;
using System.Security.Cryptography;
using VoiceTraining.Application.Common.Interfaces;

namespace VoiceTraining.Infrastructure.Email;

/// <summary>
/// reply+{token}@{domain}: token = base64url(attempt id as 16 big-endian (RFC 4122) bytes ‖ the
/// first 10 bytes of HMAC-SHA256(key, those 16 bytes)), 35 characters, no padding. The domain is
/// Email__ReplyDomain, else MAILGUN_DOMAIN; without one there is no reply address. The key is
/// <see cref="ReplyTokenKeys"/>'.
/// </summary>
public sealed class AttemptReplyAddresses(string? domain, ReplyTokenKeys keys) : IAttemptReplyAddresses
{
    public const string Prefix = "reply+";
    public const int MacBytes = 10;
    private const int TokenBytes = 16 + MacBytes;

    public string? ForAttempt(Guid orgId, Guid attemptId)
    {
        if (string.IsNullOrWhiteSpace(domain)) return null;
        var id = attemptId.ToByteArray(bigEndian: true);
        var token = new byte[TokenBytes];
        id.CopyTo(token, 0);
        HMACSHA256.HashData(keys.Current, id).AsSpan(0, MacBytes).CopyTo(token.AsSpan(16));
        return $"{Prefix}{Base64Url.EncodeToString(token)}@{domain.Trim()}";
    }

    public Guid? TryReadAttemptId(string address)
    {
        var local = LocalPart(address);
        if (local is null || !local.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)) return null;
        var encoded = local[Prefix.Length..];
        if (encoded.Length != Base64Url.GetEncodedLength(TokenBytes)) return null;
        var token = new byte[TokenBytes];
        if (Base64Url.DecodeFromChars(encoded, token, out _, out var written) != System.Buffers.OperationStatus.Done || written != TokenBytes) return null;

        var id = token.AsSpan(0, 16).ToArray();
        var mac = token.AsSpan(16, MacBytes);
        if (Matches(keys.All, id, mac) || (keys.TryRefresh() && Matches(keys.All, id, mac))) return new Guid(id, bigEndian: true);
        return null;
    }

    private static bool Matches(IReadOnlyList<byte[]> candidates, byte[] id, ReadOnlySpan<byte> mac)
    {
        var found = false;
        foreach (var key in candidates)
            found |= CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, id).AsSpan(0, MacBytes), mac);
        return found;
    }

    /// <summary>The local part of "reply+x@domain" or "Name &lt;reply+x@domain&gt;".</summary>
    private static string? LocalPart(string? address)
    {
        if (string.IsNullOrWhiteSpace(address)) return null;
        var value = address.Trim();
        var open = value.LastIndexOf('<');
        if (open >= 0)
        {
            var close = value.IndexOf('>', open);
            if (close < 0) return null;
            value = value[(open + 1)..close].Trim();
        }
        var at = value.LastIndexOf('@');
        return at <= 0 ? null : value[..at];
    }
}
