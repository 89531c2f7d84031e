namespace VoiceTraining.Application.Voice.Sessions;

/// <summary>What a new platform session records about the pipeline that carries it.</summary>
public static class VoiceSessionDefaults
{
    /// <summary>voice_sessions.provider of a session the platform runs itself (a Vapi call has no session).</summary>
    public const string Provider = "platform";
}
