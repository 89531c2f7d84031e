namespace VoiceTraining.Domain.Common;

/// <summary>A domain rule was broken by a well-formed request (maps to 409/422 at the edge).</summary>
public class DomainException(string message) : Exception(message);
