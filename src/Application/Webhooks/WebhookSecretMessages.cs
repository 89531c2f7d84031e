namespace VoiceTraining.Application.Webhooks;

/// <summary>What admins are told when an endpoint's stored secret can no longer be decrypted.</summary>
public static class WebhookSecretMessages
{
    public const string Unreadable =
        "This endpoint's signing secret can no longer be decrypted (the key that protected it is not available to this installation). "
        + "Rotate the secret to issue a new one, and give the new secret to the receiver.";

    public const string UnreadableForDelivery =
        "The endpoint's signing secret can no longer be decrypted; rotate the secret, then replay the delivery.";
}
