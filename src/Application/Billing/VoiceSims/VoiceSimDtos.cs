using VoiceTraining.Domain.Members;

namespace VoiceTraining.Application.Billing.VoiceSims;

/// <summary>
/// One active member and their voice AI SIM. <c>voiceAiEnabled</c> is the effective
/// <c>voice_ai_enabled</c> flag: a SIM, and no setting switching it off (an admin's, or billing's
/// while an invoice is unpaid).
/// </summary>
public sealed record VoiceSimMemberDto(Guid MemberId, string Name, string Email, MemberRole Role, bool VoiceAddOnActive, DateTimeOffset? AssignedAt,
    bool VoiceAiEnabled);

/// <summary>
/// One add-on line of the plan subscription: the add-on (its price and name), how many of it are
/// bought and the SIMs they make (a bundle of 3 bought twice is six). PUT /api/billing/voice-addon changes it.
/// </summary>
public sealed record VoiceAddOnLineDto(string PriceId, string AddOnId, string Name, int SimsEach, int Quantity, int Sims);

/// <summary>
/// The organization's voice AI SIMs: bought (the subscription's add-on lines, listed in
/// <c>lines</c>), held by members, free; and who holds one.
/// </summary>
public sealed record VoiceSimsDto(int Purchased, int Assigned, int Available, IReadOnlyList<VoiceAddOnLineDto> Lines, IReadOnlyList<VoiceSimMemberDto> Members);
