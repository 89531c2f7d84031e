using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using VoiceTraining.Application.Email;
using VoiceTraining.Domain.Email;

namespace VoiceTraining.Infrastructure.Email;

/// <summary>
/// Unsubscribe tokens: organization id, member id and category (33 bytes), protected (encrypted
/// and authenticated) with ASP.NET Data Protection under their own purpose, in base64url. They do
/// not expire; rotated keys stay in the ring, so old links keep working.
/// </summary>
internal sealed class UnsubscribeTokens(IDataProtectionProvider provider) : IUnsubscribeTokens
{
    private const int PayloadBytes = 33;
    private readonly IDataProtector _protector = provider.CreateProtector("VoiceTraining.Email.Unsubscribe.v1");

    public string Create(Guid orgId, Guid memberId, EmailCategory category)
    {
        var payload = new byte[PayloadBytes];
        orgId.ToByteArray(bigEndian: true).CopyTo(payload, 0);
        memberId.ToByteArray(bigEndian: true).CopyTo(payload, 16);
        payload[32] = (byte)category;
        return Base64Url.EncodeToString(_protector.Protect(payload));
    }

    public UnsubscribeRequest? Read(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 1024) return null;
        byte[] payload;
        try
        {
            payload = _protector.Unprotect(Base64Url.DecodeFromChars(token.Trim()));
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return null;
        }
        if (payload.Length != PayloadBytes || !Enum.IsDefined((EmailCategory)payload[32])) return null;
        return new UnsubscribeRequest(new Guid(payload.AsSpan(0, 16), bigEndian: true), new Guid(payload.AsSpan(16, 16), bigEndian: true), (EmailCategory)payload[32]);
    }
}
