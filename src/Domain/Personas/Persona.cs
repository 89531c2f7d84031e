using VoiceTraining.Domain.Common;

namespace VoiceTraining.Domain.Personas;

public enum Difficulty
{
    Easy,
    Medium,
    Hard,
}

/// <summary>The AI buyer a trainee talks to.</summary>
public sealed class Persona : TenantEntity
{
    public string Name { get; private set; } = "";
    public string Description { get; private set; } = "";
    public string VoiceProvider { get; private set; } = "";
    public string VoiceId { get; private set; } = "";
    public Difficulty Difficulty { get; private set; }

    private Persona() { }

    public Persona(Guid orgId, string name, string description, string voiceProvider, string voiceId, Difficulty difficulty, DateTimeOffset now)
        : base(orgId, now)
    {
        Apply(name, description, voiceProvider, voiceId, difficulty);
    }

    public void Update(string name, string description, string voiceProvider, string voiceId, Difficulty difficulty, DateTimeOffset now)
    {
        Apply(name, description, voiceProvider, voiceId, difficulty);
        Touch(now);
    }

    private void Apply(string name, string description, string voiceProvider, string voiceId, Difficulty difficulty)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new DomainException("A persona needs a name.");
        Name = name.Trim();
        Description = description?.Trim() ?? "";
        VoiceProvider = voiceProvider.Trim();
        VoiceId = voiceId.Trim();
        Difficulty = difficulty;
    }
}
