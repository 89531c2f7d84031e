using System.Security.Cryptography;
using System.Text;
using VoiceTraining.Api.IntegrationTests.Infrastructure;

namespace VoiceTraining.Api.IntegrationTests.Webhooks.Outbound;

/// <summary>What a receiver does to trust a delivery, written from the integration contract (not from the app's code).</summary>
public static class WebhookSignatures
{
    /// <summary>The contract's customer-side check: "sha256=" + hex HMAC-SHA256 of the raw body, keyed with the secret string.</summary>
    public static bool ContractSignatureValid(ReceivedWebhook request, string secret, string header = "X-Webhook-Signature")
    {
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(request.Body)));
        return request.Header(header) == expected;
    }

    /// <summary>Standard Webhooks: one of the space-separated v1 signatures is base64 HMAC-SHA256 of "id.timestamp.body" with the decoded secret.</summary>
    public static bool StandardSignatureValid(ReceivedWebhook request, string secret)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var signed = $"{request.Header("webhook-id")}.{request.Header("webhook-timestamp")}.{request.Body}";
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(signed)));
        return request.Header("webhook-signature").Split(' ').Contains(expected);
    }
}
