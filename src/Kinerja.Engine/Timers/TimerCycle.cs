using System.Globalization;
using Cronos;
using Kinerja.Engine.Calendar;

namespace Kinerja.Engine.Timers;

/// <summary>
/// A repeating timer: an ISO 8601 repeating interval (<c>R3/PT10M</c>, <c>R/P1D</c>,
/// <c>R5/2026-03-02T08:00+08:00/P1D</c>) or a cron expression (<c>0 8 * * MON-FRI</c>, read by Cronos).
/// </summary>
public sealed class TimerCycle
{
    private readonly CronExpression? _cron;

    private TimerCycle(int? repetitions, DateTimeOffset? start, IsoDuration? interval, CronExpression? cron)
    {
        Repetitions = repetitions;
        Start = start;
        Interval = interval;
        _cron = cron;
    }

    /// <summary>How many times it fires in all; null for unbounded.</summary>
    public int? Repetitions { get; }

    public DateTimeOffset? Start { get; }

    public IsoDuration? Interval { get; }

    public static bool TryParse(string text, out TimerCycle? cycle, out string? error)
    {
        cycle = null;
        error = null;
        text = text.Trim();
        if (text.StartsWith('R'))
        {
            var parts = text.Split('/');
            if (parts.Length is < 2 or > 3)
            {
                error = $"'{text}' is not an ISO 8601 repeating interval (e.g. R3/PT10M or R/2026-03-02T08:00+08:00/P1D).";
                return false;
            }

            int? repetitions = null;
            if (parts[0].Length > 1)
            {
                if (!int.TryParse(parts[0].AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var r) || r < 1)
                {
                    error = $"'{parts[0]}' in '{text}' is not a repetition count (R, R1, R3 …).";
                    return false;
                }

                repetitions = r;
            }

            DateTimeOffset? start = null;
            if (parts.Length == 3)
            {
                start = TimerDates.TryParse(parts[1]);
                if (start is null)
                {
                    error = $"'{parts[1]}' in '{text}' is not an ISO 8601 date-time.";
                    return false;
                }
            }

            if (!IsoDuration.TryParse(parts[^1], out var interval, out var durationError) || interval.IsZero)
            {
                error = durationError ?? $"The interval of '{text}' must not be zero.";
                return false;
            }

            cycle = new TimerCycle(repetitions, start, interval, null);
            return true;
        }

        try
        {
            var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            var cron = CronExpression.Parse(text, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
            cycle = new TimerCycle(null, null, null, cron);
            return true;
        }
        catch (CronFormatException ex)
        {
            error = $"'{text}' is neither an ISO 8601 repeating interval (R3/PT10M) nor a cron expression: {ex.Message}";
            return false;
        }
    }

    /// <summary>
    /// The instant of firing number <paramref name="firedSoFar"/> + 1, or null when the cycle is spent.
    /// </summary>
    public DateTimeOffset? Next(DateTimeOffset now, int firedSoFar, WorkingCalendar calendar, TimeBasis basis, DateTimeOffset? previous)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        if (Repetitions is { } total && firedSoFar >= total)
        {
            return null;
        }

        if (_cron is not null)
        {
            var zone = calendar.TimeZone;
            return _cron.GetNextOccurrence(previous ?? now, zone);
        }

        if (previous is null && Start is { } start)
        {
            var due = start;
            while (due < now)
            {
                due = calendar.Add(due, Interval!, basis);
            }

            return due;
        }

        return calendar.Add(previous ?? now, Interval!, basis);
    }
}

/// <summary>Reads timer dates: ISO 8601, with the calendar's zone (WITA) where no offset is given.</summary>
public static class TimerDates
{
    private static readonly TimeSpan Wita = TimeSpan.FromHours(8);

    public static DateTimeOffset? TryParse(string text)
    {
        text = text.Trim();
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed))
        {
            return null;
        }

        try
        {
            return parsed.Kind switch
            {
                DateTimeKind.Utc => new DateTimeOffset(parsed, TimeSpan.Zero),
                DateTimeKind.Local => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture),
                _ => new DateTimeOffset(parsed, Wita),
            };
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or FormatException)
        {
            return null; // at the edge of the representable range (year 1 or 9999 shifted by the offset)
        }
    }
}
