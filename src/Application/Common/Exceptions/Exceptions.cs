namespace VoiceTraining.Application.Common.Exceptions;

/// <summary>The resource does not exist for this caller (another organization's resource included): 404.</summary>
public sealed class NotFoundException(string resource, object key)
    : Exception($"{resource} '{key}' was not found.")
{
    public string Resource { get; } = resource;
}

/// <summary>The request conflicts with the current state: 409.</summary>
public sealed class ConflictException(string message) : Exception(message);

/// <summary>The caller may not do this: 403.</summary>
public sealed class ForbiddenException(string message) : Exception(message);

/// <summary>One or more fields are invalid: 400 with field errors.</summary>
public sealed class ValidationException : Exception
{
    public ValidationException(IDictionary<string, string[]> errors)
        : base("One or more validation errors occurred.") => Errors = errors;

    public ValidationException(string field, string message)
        : this(new Dictionary<string, string[]> { [field] = [message] }) { }

    public IDictionary<string, string[]> Errors { get; }
}
