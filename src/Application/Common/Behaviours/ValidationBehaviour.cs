using System.Text.Json;
using FluentValidation;
using MediatR;
using ValidationException = VoiceTraining.Application.Common.Exceptions.ValidationException;

namespace VoiceTraining.Application.Common.Behaviours;

/// <summary>Runs every validator of the request once, before anything else touches it.</summary>
public sealed class ValidationBehaviour<TRequest, TResponse>(IEnumerable<IValidator<TRequest>> validators)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var list = validators as IValidator<TRequest>[] ?? validators.ToArray();
        if (list.Length == 0) return await next();

        var context = new ValidationContext<TRequest>(request);
        var failures = new List<FluentValidation.Results.ValidationFailure>();
        foreach (var validator in list)
            failures.AddRange((await validator.ValidateAsync(context, cancellationToken)).Errors);

        if (failures.Count > 0)
        {
            var errors = failures
                .GroupBy(f => ToJsonPath(f.PropertyName))
                .ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).Distinct().ToArray());
            throw new ValidationException(errors);
        }
        return await next();
    }

    /// <summary>"Rubric[0].Weight" → "rubric[0].weight", matching the JSON the client sent.</summary>
    internal static string ToJsonPath(string propertyName) =>
        string.Join('.', propertyName.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName));
}
