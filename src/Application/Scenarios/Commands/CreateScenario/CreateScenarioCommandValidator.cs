using FluentValidation;
using VoiceTraining.Application.Common.Interfaces;

namespace VoiceTraining.Application.Scenarios.Commands.CreateScenario;

public sealed class CreateScenarioCommandValidator : AbstractValidator<CreateScenarioCommand>
{
    public CreateScenarioCommandValidator(IApplicationDbContext db) => this.AddScenarioFieldRules(db);
}
