using FluentValidation;
using VoiceTraining.Domain.Common;
using VoiceTraining.Domain.Integrations;

namespace VoiceTraining.Application.ApiKeys.Commands.CreateApiKey;

public sealed class CreateApiKeyCommandValidator : AbstractValidator<CreateApiKeyCommand>
{
    public CreateApiKeyCommandValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(Limits.Name);
        RuleFor(x => x.Scopes).NotEmpty();
        RuleForEach(x => x.Scopes).Must(s => ApiKeyScopes.All.Contains(s)).WithMessage((_, s) => $"'{s}' is not a scope. Use read or write.");
    }
}
