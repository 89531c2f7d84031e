using System.Globalization;

namespace VoiceTraining.Domain.Email;

/// <summary>
/// The period a manager digest covers: the previous UTC day (daily), or the previous ISO week,
/// Monday to Monday (weekly). A digest is due from <c>sendHourUtc</c> after the period ends and
/// only for the period that ended last, so a digest that could not go out in time goes out late
/// rather than never, and a new preference never brings old digests.
/// </summary>
public sealed record DigestPeriod(DigestFrequency Frequency, DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>Identifies the period: "daily:2025-11-03" or "weekly:2025-W45".</summary>
    public string Key => Frequency == DigestFrequency.Weekly
        ? string.Create(CultureInfo.InvariantCulture, $"weekly:{ISOWeek.GetYear(Start.UtcDateTime)}-W{ISOWeek.GetWeekOfYear(Start.UtcDateTime):00}")
        : string.Create(CultureInfo.InvariantCulture, $"daily:{Start.UtcDateTime:yyyy-MM-dd}");

    /// <summary>How the email names it: "Mon, 3 Nov 2025" or "3–9 Nov 2025".</summary>
    public string Label
    {
        get
        {
            var start = Start.UtcDateTime;
            if (Frequency != DigestFrequency.Weekly) return start.ToString("ddd, d MMM yyyy", CultureInfo.InvariantCulture);
            var last = End.UtcDateTime.AddDays(-1);
            return start.Month == last.Month
                ? string.Create(CultureInfo.InvariantCulture, $"{start.Day}–{last:d MMM yyyy}")
                : start.Year == last.Year
                    ? string.Create(CultureInfo.InvariantCulture, $"{start:d MMM} – {last:d MMM yyyy}")
                    : string.Create(CultureInfo.InvariantCulture, $"{start:d MMM yyyy} – {last:d MMM yyyy}");
        }
    }

    /// <summary>The period whose digest is due at <paramref name="now"/>, or null (off, or before the send hour).</summary>
    public static DigestPeriod? DueAt(DigestFrequency frequency, DateTimeOffset now, int sendHourUtc)
    {
        if (frequency == DigestFrequency.Off) return null;
        var utc = now.ToUniversalTime();
        var today = new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero);
        if (frequency == DigestFrequency.Daily)
            return utc >= today.AddHours(sendHourUtc) ? new DigestPeriod(frequency, today.AddDays(-1), today) : null;

        var sinceMonday = ((int)utc.DayOfWeek + 6) % 7;
        var monday = today.AddDays(-sinceMonday);
        return utc >= monday.AddHours(sendHourUtc) ? new DigestPeriod(frequency, monday.AddDays(-7), monday) : null;
    }
}
