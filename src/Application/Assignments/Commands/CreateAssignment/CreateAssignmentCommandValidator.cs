using FluentValidation;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Domain.Members;
using VoiceTraining.Domain.Scenarios;

namespace VoiceTraining.Application.Assignments.Commands.CreateAssignment;

public sealed class CreateAssignmentCommandValidator : AbstractValidator<CreateAssignmentCommand>
{
    public CreateAssignmentCommandValidator(IApplicationDbContext db, TimeProvider clock)
    {
        RuleFor(x => x.MemberId).NotEmpty()
            .MustAsync((id, ct) => db.Members.AnyAsync(m => m.Id == id && m.Status == MemberStatus.Active, ct))
            .WithMessage("No active member with this id in your organization.");
        RuleFor(x => x).Must(x => (x.ScenarioId is null) != (x.TrackId is null))
            .WithName("scenarioId").WithMessage("Give either a scenarioId or a trackId, not both.");
        RuleFor(x => x.ScenarioId!.Value)
            .MustAsync((id, ct) => db.Scenarios.AnyAsync(s => s.Id == id && s.Status == ScenarioStatus.Published, ct))
            .When(x => x.ScenarioId is not null)
            .OverridePropertyName("scenarioId")
            .WithMessage("No published scenario with this id in your organization.");
        RuleFor(x => x.TrackId!.Value)
            .MustAsync((id, ct) => db.Tracks.AnyAsync(t => t.Id == id, ct))
            .When(x => x.TrackId is not null)
            .OverridePropertyName("trackId")
            .WithMessage("No track with this id in your organization.");
        RuleFor(x => x.DueAt).Must(d => d > clock.GetUtcNow()).When(x => x.DueAt is not null)
            .WithMessage("The due date must be in the future.");
    }
}
