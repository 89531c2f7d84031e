using System.Net;
using System.Text;

namespace VoiceTraining.Application.Email.Templates;

/// <summary>A rendered email: the subject, and the same content as HTML and as plain text.</summary>
public sealed record RenderedEmail(string Subject, string Html, string Text);

/// <summary>A run of text in a paragraph, optionally bold.</summary>
public readonly record struct Span(string Text, bool Strong = false)
{
    public static implicit operator Span(string text) => new(text);
}

/// <summary>The fine print under every email: whom it was for, and how to stop it when it can be stopped.</summary>
public sealed record EmailFooter(string To, string? OrgName, string? UnsubscribeUrl = null, string? UnsubscribeLabel = null);

/// <summary>
/// Writes an email's HTML and plain-text bodies side by side, in the product's look (the web app's
/// colours, a header bar, one white card), with table layout and inline styles because that is what
/// email clients render. Every value is HTML-encoded, attribute values included: templates pass
/// raw text, never markup.
/// </summary>
internal sealed class EmailWriter
{
    private const string Font = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
    private const string TextColor = "#1a202c";
    private const string Muted = "#4a5568";
    private const string Border = "#d2d8e2";
    private const string Primary = "#1f5fa8";
    private const string HeaderBar = "#102a4c";
    private const string Background = "#f5f7fa";

    private readonly StringBuilder _html = new();
    private readonly StringBuilder _text = new();

    public static string Encode(string value) => WebUtility.HtmlEncode(value);

    public EmailWriter Heading(string text)
    {
        _html.Append("<h1 style=\"margin:0 0 16px;font-size:22px;line-height:1.3;color:").Append(TextColor).Append(";\">")
            .Append(Encode(text)).Append("</h1>\n");
        _text.Append(text).Append('\n').Append(new string('=', Math.Min(text.Length, 60))).Append("\n\n");
        return this;
    }

    public EmailWriter Paragraph(params Span[] spans)
    {
        _html.Append("<p style=\"margin:0 0 16px;\">");
        foreach (var span in spans)
            _html.Append(span.Strong ? "<strong>" + Encode(span.Text) + "</strong>" : Encode(span.Text));
        _html.Append("</p>\n");
        foreach (var span in spans) _text.Append(span.Text);
        _text.Append("\n\n");
        return this;
    }

    /// <summary>A call to action: a button in HTML, "label: url" in text.</summary>
    public EmailWriter Button(string label, string url)
    {
        _html.Append("<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"margin:8px 0 24px;\"><tr>")
            .Append("<td style=\"border-radius:6px;background-color:").Append(Primary).Append(";\">")
            .Append("<a href=\"").Append(Encode(url)).Append("\" style=\"display:inline-block;padding:12px 24px;font-family:").Append(Font)
            .Append(";font-size:16px;font-weight:bold;color:#ffffff;text-decoration:none;border-radius:6px;\">")
            .Append(Encode(label)).Append("</a></td></tr></table>\n");
        _text.Append(label).Append(": ").Append(url).Append("\n\n");
        return this;
    }

    /// <summary>Label and value pairs (due date, amount, score …).</summary>
    public EmailWriter Facts(params (string Label, string Value)[] facts)
    {
        if (facts.Length == 0) return this;
        _html.Append("<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"margin:0 0 16px;border-collapse:collapse;\">\n");
        foreach (var (label, value) in facts)
        {
            _html.Append("<tr><td style=\"padding:4px 16px 4px 0;color:").Append(Muted).Append(";vertical-align:top;\">").Append(Encode(label))
                .Append("</td><td style=\"padding:4px 0;font-weight:bold;vertical-align:top;\">").Append(Encode(value)).Append("</td></tr>\n");
            _text.Append(label).Append(": ").Append(value).Append('\n');
        }
        _html.Append("</table>\n");
        _text.Append('\n');
        return this;
    }

    /// <summary>A small data table with a header row (the digest's members and overdue work).</summary>
    public EmailWriter Table(string caption, IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        _html.Append("<h2 style=\"margin:24px 0 8px;font-size:17px;color:").Append(TextColor).Append(";\">").Append(Encode(caption)).Append("</h2>\n")
            .Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"margin:0 0 16px;border-collapse:collapse;font-size:14px;\">\n<tr>");
        foreach (var header in headers)
            _html.Append("<th align=\"left\" style=\"padding:6px 8px;border-bottom:2px solid ").Append(Border).Append(";color:").Append(Muted).Append(";\">")
                .Append(Encode(header)).Append("</th>");
        _html.Append("</tr>\n");
        foreach (var row in rows)
        {
            _html.Append("<tr>");
            foreach (var cell in row)
                _html.Append("<td style=\"padding:6px 8px;border-bottom:1px solid ").Append(Border).Append(";\">").Append(Encode(cell)).Append("</td>");
            _html.Append("</tr>\n");
        }
        _html.Append("</table>\n");

        _text.Append(caption).Append('\n').Append(new string('-', Math.Min(caption.Length, 60))).Append('\n');
        foreach (var row in rows)
            _text.Append("- ").Append(string.Join(" | ", headers.Zip(row, (h, c) => $"{h}: {c}"))).Append('\n');
        _text.Append('\n');
        return this;
    }

    /// <summary>A highlighted remark (a warning or a good result).</summary>
    public EmailWriter Callout(string text, bool warning)
    {
        var (fg, bg) = warning ? ("#7a4d00", "#fdf1d8") : ("#1f6f43", "#e3f4ea");
        _html.Append("<p style=\"margin:0 0 16px;padding:12px 16px;border-radius:6px;background-color:").Append(bg).Append(";color:").Append(fg).Append(";\">")
            .Append(Encode(text)).Append("</p>\n");
        _text.Append(text).Append("\n\n");
        return this;
    }

    /// <summary>Smaller, muted text (how a link expires, what to do if this was not you).</summary>
    public EmailWriter Note(string text)
    {
        _html.Append("<p style=\"margin:0 0 16px;font-size:14px;color:").Append(Muted).Append(";\">").Append(Encode(text)).Append("</p>\n");
        _text.Append(text).Append("\n\n");
        return this;
    }

    /// <summary>Puts the body into the layout.</summary>
    public RenderedEmail Render(string subject, string preheader, EmailFooter footer)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"color-scheme\" content=\"light\">\n")
            .Append("<title>").Append(Encode(subject)).Append("</title>\n</head>\n")
            .Append("<body style=\"margin:0;padding:0;background-color:").Append(Background).Append(";\">\n")
            .Append("<div style=\"display:none;max-height:0;overflow:hidden;\">").Append(Encode(preheader)).Append("</div>\n")
            .Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"background-color:").Append(Background).Append(";\">\n")
            .Append("<tr><td align=\"center\" style=\"padding:24px 12px;\">\n")
            .Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"max-width:600px;\">\n")
            .Append("<tr><td style=\"background-color:").Append(HeaderBar).Append(";padding:16px 24px;border-radius:8px 8px 0 0;font-family:").Append(Font)
            .Append(";font-size:18px;font-weight:bold;color:#ffffff;\">Voice AI Training</td></tr>\n")
            .Append("<tr><td style=\"background-color:#ffffff;padding:24px;border:1px solid ").Append(Border).Append(";border-top:0;border-radius:0 0 8px 8px;font-family:")
            .Append(Font).Append(";font-size:16px;line-height:1.5;color:").Append(TextColor).Append(";\">\n")
            .Append(_html)
            .Append("</td></tr>\n")
            .Append("<tr><td style=\"padding:16px 24px;font-family:").Append(Font).Append(";font-size:12px;line-height:1.5;color:").Append(Muted).Append(";text-align:center;\">\n")
            .Append("<p style=\"margin:0 0 8px;\">").Append(Encode(SentTo(footer))).Append("</p>\n");
        if (footer.UnsubscribeUrl is not null)
            html.Append("<p style=\"margin:0;\"><a href=\"").Append(Encode(footer.UnsubscribeUrl)).Append("\" style=\"color:").Append(Muted).Append(";\">")
                .Append(Encode(footer.UnsubscribeLabel ?? "Unsubscribe")).Append("</a></p>\n");
        html.Append("</td></tr>\n</table>\n</td></tr>\n</table>\n</body>\n</html>\n");

        var text = new StringBuilder().Append(_text).Append("--\n").Append(SentTo(footer)).Append('\n');
        if (footer.UnsubscribeUrl is not null) text.Append(footer.UnsubscribeLabel ?? "Unsubscribe").Append(": ").Append(footer.UnsubscribeUrl).Append('\n');
        return new RenderedEmail(subject, html.ToString(), text.ToString());
    }

    private static string SentTo(EmailFooter footer) =>
        footer.OrgName is null
            ? $"Voice AI Training sent this email to {footer.To}."
            : $"Voice AI Training sent this email to {footer.To} for {footer.OrgName}.";
}
