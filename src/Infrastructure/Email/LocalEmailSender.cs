using Microsoft.Extensions.Logging;
using VoiceTraining.Application.Common.Interfaces;

namespace VoiceTraining.Infrastructure.Email;

/// <summary>
/// Local mode's "provider": sends nothing, records the email as sent (it stays readable in the
/// outbox, and in Development at GET /api/dev/mailbox) and logs one line about it.
/// </summary>
internal sealed partial class LocalEmailSender(ILogger<LocalEmailSender> logger) : IEmailSender
{
    public string Provider => "local";

    public Task<EmailSendResult> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        LogRecorded(logger, email.Template, email.To, email.Subject);
        return Task.FromResult(EmailSendResult.Sent("local-" + email.MessageId.ToString("N")));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Email (local mode, not sent): {Template} to {To}: {Subject}")]
    private static partial void LogRecorded(ILogger logger, string template, string to, string subject);
}
