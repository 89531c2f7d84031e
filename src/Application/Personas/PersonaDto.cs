using AutoMapper;
using FluentValidation;
using VoiceTraining.Domain.Common;
using VoiceTraining.Domain.Personas;

namespace VoiceTraining.Application.Personas;

/// <summary>An AI buyer persona.</summary>
public sealed record PersonaDto
{
    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    public string Description { get; init; } = "";
    /// <summary>Text-to-speech provider, e.g. "elevenlabs".</summary>
    public string VoiceProvider { get; init; } = "";
    /// <summary>The provider's voice id, e.g. "sarah_professional".</summary>
    public string VoiceId { get; init; } = "";
    public Difficulty Difficulty { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

public sealed class PersonaMappingProfile : Profile
{
    public PersonaMappingProfile() => CreateMap<Persona, PersonaDto>();
}

/// <summary>Fields shared by create and update.</summary>
public interface IPersonaFields
{
    string Name { get; }
    string? Description { get; }
    string VoiceProvider { get; }
    string VoiceId { get; }
    Difficulty Difficulty { get; }
}

internal static class PersonaRules
{
    public static void AddPersonaFieldRules<T>(this AbstractValidator<T> v) where T : IPersonaFields
    {
        v.RuleFor(x => x.Name).NotEmpty().MaximumLength(Limits.Name);
        v.RuleFor(x => x.Description).MaximumLength(Limits.Description);
        v.RuleFor(x => x.VoiceProvider).NotEmpty().MaximumLength(Limits.VoiceProvider);
        v.RuleFor(x => x.VoiceId).NotEmpty().MaximumLength(Limits.VoiceId);
        v.RuleFor(x => x.Difficulty).IsInEnum();
    }
}
