using Npgsql;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Infrastructure.Workers;
using VoiceTraining.Infrastructure.Workers.Queues;

namespace VoiceTraining.Infrastructure.Email;

/// <summary>An email claimed for one send.</summary>
internal sealed record ClaimedEmail(Guid Id, Guid LeaseToken, int Attempts, OutgoingEmail Email);

/// <summary>Wakes the email worker: emails are due (notified after the commit that queued them).</summary>
internal sealed class EmailOutboxSignal : WakeSignal, IEmailOutboxSignal;

/// <summary>
/// The email outbox (email_messages) as a leased queue: pending emails and held ones whose day
/// has come are due, essential ones first, then the longest waiting. A claimed held email turns
/// Pending, so the daily cap counts it as in flight while its lease lasts.
/// </summary>
internal static class EmailOutboxQueue
{
    public static readonly LeasedTableDefinition Definition = new(
        Table: "email_messages",
        Ready: "status IN ('Pending', 'Held')",
        OrderBy: "(category = 'Essential') DESC, next_attempt_at, created_at",
        Returning: "q.id, q.attempts, q.to_address, q.to_name, q.subject, q.html_body, q.text_body, q.reply_to, q.unsubscribe_url, q.template")
    {
        SetOnClaim = "status = 'Pending'",
    };

    /// <summary>Reads one claimed row (the columns <see cref="Definition"/> returns).</summary>
    public static ClaimedEmail Read(NpgsqlDataReader reader, Guid leaseToken) => new(reader.GetGuid(0), leaseToken, reader.GetInt32(1), new OutgoingEmail
    {
        MessageId = reader.GetGuid(0),
        To = reader.GetString(2),
        ToName = reader.IsDBNull(3) ? null : reader.GetString(3),
        Subject = reader.GetString(4),
        Html = reader.GetString(5),
        Text = reader.GetString(6),
        ReplyTo = reader.IsDBNull(7) ? null : reader.GetString(7),
        UnsubscribeUrl = reader.IsDBNull(8) ? null : reader.GetString(8),
        Template = reader.GetString(9),
    });
}
