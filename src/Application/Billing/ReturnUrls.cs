using FluentValidation;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Domain.Common;

namespace VoiceTraining.Application.Billing;

/// <summary>
/// Where a payment page may send the browser back to: only the product's own origin
/// (<see cref="IPublicUrls.BaseUrl"/>, NEXT_PUBLIC_APP_URL), so a checkout link can never become an
/// open redirect to someone else's page. Accepted: a path starting with one "/" (resolved against
/// the origin) or an absolute http(s) URL with the origin's scheme, host and port and no user info.
/// The URL handed on is the one parsed here, re-serialized, so a reader that parses the raw text
/// differently (a browser, the payment provider) cannot see another host in it.
/// </summary>
public static class ReturnUrls
{
    /// <summary>Stripe fills this placeholder in a success URL with the session's id; it is kept as written.</summary>
    public const string CheckoutSessionPlaceholder = "{CHECKOUT_SESSION_ID}";

    private const string EscapedPlaceholder = "%7BCHECKOUT_SESSION_ID%7D";

    /// <summary>
    /// The absolute URL <paramref name="value"/> names on the origin of <paramref name="baseUrl"/>, or
    /// null when it is anything else (another host or port, another scheme, "//host", user info,
    /// backslashes, white space or control characters, javascript: and the like).
    /// </summary>
    public static string? Resolve(string? value, string baseUrl)
    {
        if (string.IsNullOrEmpty(value) || value.Length > Limits.Url) return null;
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var origin) || origin.Scheme is not ("http" or "https")) return null;
        // URL parsers drop tabs and new lines and read "\" as "/" (WHATWG URL): "/\evil.test" and
        // "/\t/evil.test" would become "//evil.test", another host. None of these belongs in a return URL.
        foreach (var c in value)
            if (c <= ' ' || c == '\\' || char.IsControl(c) || char.IsWhiteSpace(c)) return null;

        Uri resolved;
        if (value[0] == '/')
        {
            // "//host/path" is a network-path reference: another host.
            if (value.Length > 1 && value[1] == '/') return null;
            if (!Uri.TryCreate(origin, value, out resolved!)) return null;
        }
        else
        {
            // Only absolute http(s) URLs; a bare "billing" or "javascript:..." is refused rather than guessed at.
            if (!value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !value.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) return null;
            if (!Uri.TryCreate(value, UriKind.Absolute, out resolved!)) return null;
        }

        if (!string.Equals(resolved.Scheme, origin.Scheme, StringComparison.Ordinal)) return null;
        if (!string.Equals(resolved.IdnHost, origin.IdnHost, StringComparison.OrdinalIgnoreCase)) return null;
        if (resolved.Port != origin.Port) return null;
        if (resolved.UserInfo.Length > 0) return null;
        return resolved.AbsoluteUri.Replace(EscapedPlaceholder, CheckoutSessionPlaceholder, StringComparison.Ordinal);
    }

    /// <summary>The message of a refused return URL, naming the origin it must be on.</summary>
    public static string Refusal(string baseUrl) =>
        $"Must be on this app's own origin ({Origin(baseUrl)}): a path such as /billing, or an absolute URL there.";

    private static string Origin(string baseUrl) =>
        Uri.TryCreate(baseUrl, UriKind.Absolute, out var origin) ? origin.GetLeftPart(UriPartial.Authority) : baseUrl;

    /// <summary>The field, when given, is a return URL on the product's origin (<see cref="Resolve"/>).</summary>
    public static IRuleBuilderOptions<T, string?> OnOwnOrigin<T>(this IRuleBuilder<T, string?> rule, IPublicUrls urls) =>
        rule.Must(value => value is null || Resolve(value, urls.BaseUrl) is not null).WithMessage(_ => Refusal(urls.BaseUrl));
}
