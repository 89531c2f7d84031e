using FluentValidation;
using VoiceTraining.Application.Common.Interfaces;

namespace VoiceTraining.Application.Scenarios.Commands.UpdateScenario;

public sealed class UpdateScenarioCommandValidator : AbstractValidator<UpdateScenarioCommand>
{
    public UpdateScenarioCommandValidator(IApplicationDbContext db) => this.AddScenarioFieldRules(db);
}
