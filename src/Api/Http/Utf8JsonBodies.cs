using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Formatters;

namespace VoiceTraining.Api.Http;

/// <summary>
/// JSON bodies, sent and answered, are UTF-8 (RFC 8259 §8.1). The JSON input formatter would otherwise also decode
/// UTF-16, and a body labelled so that is not fails in the decoder; without it, any charset other
/// than UTF-8 is refused with 415 by MVC's own unsupported-media-type path, for every operation.
/// </summary>
internal static class Utf8JsonBodies
{
    public const string SupportedMediaType = "application/json; charset=utf-8";

    /// <summary>The detail of every 415: what to send instead.</summary>
    public const string UnsupportedDetail = $"The request body must be JSON sent as {SupportedMediaType}.";

    public static void OnlyUtf8(MvcOptions options)
    {
        foreach (var formatter in options.InputFormatters.OfType<SystemTextJsonInputFormatter>()) KeepUtf8(formatter.SupportedEncodings);
        // Answers too: an Accept-Charset of utf-16 would otherwise get JSON in UTF-16, which JSON clients do not read.
        foreach (var formatter in options.OutputFormatters.OfType<SystemTextJsonOutputFormatter>()) KeepUtf8(formatter.SupportedEncodings);
    }

    private static void KeepUtf8(IList<Encoding> encodings)
    {
        foreach (var encoding in encodings.Where(e => e.CodePage != Encoding.UTF8.CodePage).ToList()) encodings.Remove(encoding);
    }
}
