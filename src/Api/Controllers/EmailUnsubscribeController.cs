using System.Net;
using System.Security.Cryptography;
using System.Text;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NetEscapades.AspNetCore.SecurityHeaders;
using VoiceTraining.Api.Http;
using VoiceTraining.Application.Email.Unsubscribe;
using VoiceTraining.Application.Email.Unsubscribe.Commands.Unsubscribe;
using VoiceTraining.Application.Email.Unsubscribe.Queries.GetUnsubscribe;

namespace VoiceTraining.Api.Controllers;

/// <summary>
/// The unsubscribe links of optional emails (assignment, feedback, digest). The link opens a
/// confirmation page (GET changes nothing: mail scanners fetch links); the page's button, and mail
/// clients' one-click unsubscribe (RFC 8058: POST with List-Unsubscribe=One-Click), POST to the
/// same URL. The signed token names the member and the category; a bad one answers 400.
/// </summary>
[ApiController]
[Route("api/email/unsubscribe")]
[Tags("Email")]
[AllowAnonymous]
[SecurityHeadersPolicy(SecurityHeaders.UnsubscribePagePolicy)]
public sealed class EmailUnsubscribeController(IMediator mediator) : ControllerBase
{
    // Not an ApiControllerBase: its answers are HTML pages as well as JSON, documented per response.

    /// <summary>The confirmation page of an unsubscribe link (HTML); it does not unsubscribe.</summary>
    /// <param name="token">The signed token from the email's link.</param>
    /// <param name="ct">Cancellation.</param>
    [HttpGet(Name = "getUnsubscribePage")]
    [ProducesResponseType<string>(StatusCodes.Status200OK, "text/html")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public async Task<ContentResult> Page([FromQuery] string? token, CancellationToken ct)
    {
        var status = await mediator.Send(new GetUnsubscribeQuery(token), ct);
        var action = $"{Request.PathBase}{Request.Path}?token={Uri.EscapeDataString(token!)}";
        return Html(status.Subscribed
            ? UnsubscribePages.Confirm(status, action)
            : UnsubscribePages.Done(status, already: true));
    }

    /// <summary>
    /// Unsubscribe: switches the link's category off for its member (one click; repeating it changes
    /// nothing). Answers JSON, or an HTML page when the request accepts text/html (a browser form).
    /// </summary>
    /// <param name="token">The signed token from the email's link or List-Unsubscribe header.</param>
    /// <param name="ct">Cancellation.</param>
    [HttpPost(Name = "unsubscribe")]
    [Consumes("application/x-www-form-urlencoded", "multipart/form-data", "application/json", IsOptional = true)]
    [ProducesResponseType<UnsubscribeStatusDto>(StatusCodes.Status200OK, "application/json", "text/html")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public async Task<IActionResult> Unsubscribe([FromQuery] string? token, CancellationToken ct)
    {
        var status = await mediator.Send(new UnsubscribeCommand(token), ct);
        var wantsHtml = Request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);
        return wantsHtml ? Html(UnsubscribePages.Done(status, already: false)) : Ok(status);
    }

    private static ContentResult Html(string page) =>
        new() { Content = page, ContentType = "text/html; charset=utf-8", StatusCode = StatusCodes.Status200OK };
}

/// <summary>The two small pages of an unsubscribe link, in the emails' look; every value HTML-encoded.</summary>
internal static class UnsubscribePages
{
    public static string Confirm(UnsubscribeStatusDto status, string action) => Page("Unsubscribe",
        $"""
        <h1>Stop {E(status.Description)}?</h1>
        <p><strong>{E(status.Email)}</strong> will no longer receive {E(status.Description)} from Voice AI Training.
        Essential emails (sign-in, security and billing) still arrive.</p>
        <form method="post" action="{E(action)}">
          <input type="hidden" name="List-Unsubscribe" value="One-Click">
          <button type="submit">Unsubscribe</button>
        </form>
        """);

    public static string Done(UnsubscribeStatusDto status, bool already) => Page("Unsubscribed",
        $"""
        <h1>{(already ? "Already unsubscribed" : "You are unsubscribed")}</h1>
        <p><strong>{E(status.Email)}</strong> no longer receives {E(status.Description)}. You can turn them back on in the app, under your email preferences.</p>
        """);

    /// <summary>The pages' one inline style sheet; the page's Content-Security-Policy allows it by its hash and allows nothing else.</summary>
    private const string StyleSheet = """
          body { margin: 0; background: #f5f7fa; color: #1a202c; font-family: -apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; line-height: 1.5; }
          header { background: #102a4c; color: #fff; padding: 16px 24px; font-weight: bold; font-size: 18px; }
          main { max-width: 560px; margin: 32px auto; background: #fff; border: 1px solid #d2d8e2; border-radius: 8px; padding: 24px; }
          h1 { font-size: 22px; margin: 0 0 16px; }
          button { background: #1f5fa8; color: #fff; border: 0; border-radius: 6px; padding: 12px 24px; font-size: 16px; font-weight: bold; cursor: pointer; }
          button:focus-visible { outline: 3px solid #f6ad55; outline-offset: 2px; }
        """;

    /// <summary>The base64 SHA-256 of <see cref="StyleSheet"/>, as the style-src source 'sha256-…' names it.</summary>
    public static string StyleSheetHash { get; } = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(StyleSheet)));

    private static string E(string value) => WebUtility.HtmlEncode(value);

    private static string Page(string title, string body) =>
        $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex">
        <title>{{E(title)}} · Voice AI Training</title>
        <style>{{StyleSheet}}</style>
        </head>
        <body>
        <header>Voice AI Training</header>
        <main>
        {{body}}
        </main>
        </body>
        </html>
        """;
}
