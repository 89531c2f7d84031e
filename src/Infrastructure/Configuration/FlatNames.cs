using Microsoft.Extensions.Configuration;

namespace VoiceTraining.Infrastructure.Configuration;

/// <summary>Reading the contract's flat environment variable names (STRIPE_SECRET_KEY, VAPI_TEMPERATURE …).</summary>
internal static class FlatNames
{
    /// <summary>
    /// The first of the names set to something other than blanks, trimmed. A blank variable counts
    /// as unset: a shell's <c>VAR=</c>, or a test pinning it empty so the developer's shell cannot leak in.
    /// </summary>
    public static string? First(this IConfiguration configuration, params string[] names)
    {
        foreach (var name in names)
            if (configuration[name] is { } value && !string.IsNullOrWhiteSpace(value)) return value.Trim();
        return null;
    }

    /// <summary>
    /// A typed value, converted by the configuration binder (invariant culture), or the fallback when
    /// unset. A value that does not convert stops the start-up with the binder's message, which names the variable.
    /// </summary>
    public static T Typed<T>(this IConfiguration configuration, string name, T fallback) =>
        configuration.First(name) is null ? fallback : configuration.GetValue(name, fallback)!;
}
