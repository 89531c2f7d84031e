using FluentValidation;
using Microsoft.Extensions.Options;

namespace VoiceTraining.Infrastructure.Configuration;

/// <summary>
/// Runs a FluentValidation validator as the options' validation, so settings are checked with the
/// same rules library as requests; every failed rule becomes one line of the start-up error.
/// </summary>
public sealed class FluentValidationOptions<T>(IValidator<T> validator) : IValidateOptions<T> where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var result = validator.Validate(options);
        return result.IsValid
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(result.Errors.Select(e => e.ErrorMessage));
    }
}
