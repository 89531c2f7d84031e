namespace VoiceTraining.Infrastructure.Data;

/// <summary>An ASP.NET Data Protection key ring entry, kept in PostgreSQL so every API instance shares it.</summary>
public sealed class DataProtectionKey
{
    public int Id { get; set; }
    public string? FriendlyName { get; set; }
    public string Xml { get; set; } = "";
}
