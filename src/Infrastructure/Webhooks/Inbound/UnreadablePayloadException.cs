namespace VoiceTraining.Infrastructure.Webhooks.Inbound;

/// <summary>
/// A provider's payload lacks what the product needs, said in the product's own words. Only this
/// exception's message may reach a webhook's answer: any other parsing failure (a library's
/// FormatException or InvalidOperationException, whose text names .NET types and formats) is
/// answered with a general wording and its message goes to the log only.
/// </summary>
internal sealed class UnreadablePayloadException(string message) : FormatException(message);
