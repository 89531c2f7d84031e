using AutoMapper;
using VoiceTraining.Domain.Members;

namespace VoiceTraining.Application.Members;

/// <summary>A person in the organization.</summary>
public sealed record MemberDto
{
    public Guid Id { get; init; }
    /// <summary>The identity provider's user id (Clerk "user_…").</summary>
    public string ExternalUserId { get; init; } = "";
    public string Email { get; init; } = "";
    public string Name { get; init; } = "";
    public MemberRole Role { get; init; }
    public MemberStatus Status { get; init; }
    /// <summary>The manager this member reports to.</summary>
    public Guid? ManagerId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? DeactivatedAt { get; init; }
}

public sealed class MemberMappingProfile : Profile
{
    public MemberMappingProfile() => CreateMap<Member, MemberDto>();
}
