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

/// <summary>The payment was declined (a card error): 402.</summary>
public sealed class PaymentRequiredException(string message, string? code = null) : Exception(message)
{
    public string? Code { get; } = code;
}

/// <summary>A provider the request depends on failed or is unreachable: 502.</summary>
public sealed class UpstreamFailureException(string provider, string message) : Exception(message)
{
    public string Provider { get; } = provider;
}

/// <summary>The feature needs a provider that is not configured on this installation: 503.</summary>
public sealed class NotConfiguredException(string message) : Exception(message);

/// <summary>
/// The organization's plan does not allow this (a limit reached or a feature not included): 403
/// with the limit, the numbers and how to raise it.
/// </summary>
public sealed class PlanLimitException(string limit, string message, int? allowed = null, long? used = null, string? plan = null) : Exception(message)
{
    public string Limit { get; } = limit;
    public int? Allowed { get; } = allowed;
    public long? Used { get; } = used;
    public string? Plan { get; } = plan;
}
