using NodaTime;
using NodaTime.Extensions;
using NodaTime.Utility;

namespace Kinerja.Engine.Calendar;

/// <summary>
/// Validated calendar data compiled for fast look-ups (the working periods of any local date and their
/// instants in the calendar's zone) and the walks over them that count working time. Walks go day by day
/// and period by period, never minute by minute. Immutable, so safe to share between threads.
/// </summary>
internal sealed class WorkingDays
{
    private readonly CompiledSchedule[] _schedules;
    private readonly Dictionary<LocalDate, DayOff> _daysOff;

    // Local times well inside the zone interval in force when the latest schedule starts map to instants
    // with one fixed offset (for WITA: since 1945). This saves a zone resolution, and its allocation, per period.
    private readonly Offset _steadyOffset;
    private readonly LocalDateTime _steadyFrom;
    private readonly LocalDateTime _steadyUntil;

    public WorkingDays(WorkingCalendarData data)
    {
        Zone = DateTimeZoneProviders.Tzdb[data.TimeZoneId];
        _schedules = [.. data.Schedules.OrderByDescending(s => s.ValidFrom).Select(Compile)];
        _daysOff = data.DaysOff.ToDictionary(d => d.Date.ToLocalDate());

        var steady = Zone.AtLeniently(_schedules[0].From.AtMidnight()).GetZoneInterval();
        _steadyOffset = steady.WallOffset;
        _steadyFrom = steady.HasStart ? steady.IsoLocalStart.PlusDays(1) : LocalDateTime.MinIsoValue;
        _steadyUntil = steady.HasEnd ? steady.IsoLocalEnd.PlusDays(-1) : LocalDateTime.MaxIsoValue;
    }

    public DateTimeZone Zone { get; }

    /// <summary>The working periods of a local date in order, merged where they touch; empty on a day off.</summary>
    public LocalPeriod[] PeriodsOn(LocalDate date)
    {
        if (_daysOff.ContainsKey(date))
        {
            return [];
        }

        // Latest schedule first: most look-ups are for recent dates.
        foreach (var schedule in _schedules)
        {
            if (date >= schedule.From)
            {
                return schedule.Until is { } until && date > until ? [] : schedule.ByDay[(int)date.DayOfWeek];
            }
        }

        return [];
    }

    public DayOff? DayOffOn(LocalDate date) => _daysOff.GetValueOrDefault(date);

    public LocalDate DateOf(Instant instant) => instant.InZone(Zone).Date;

    /// <summary>The local date of the instant, or the first scheduled date if that is later: a walk can skip the dates before it.</summary>
    public LocalDate WalkFrom(Instant instant)
    {
        var date = DateOf(instant);
        var first = _schedules[^1].From;
        return date < first ? first : date;
    }

    public Instant At(LocalDate date, LocalTime time)
    {
        var local = date + time;
        return local >= _steadyFrom && local < _steadyUntil
            ? local.WithOffset(_steadyOffset).ToInstant()
            : Zone.AtLeniently(local).ToInstant();
    }

    /// <summary>The same time of day <paramref name="workingDays"/> working days later, moved into that day's hours.</summary>
    public Instant AddWorkingDays(Instant start, int workingDays)
    {
        var local = NextWorkingInstant(start).InZone(Zone).LocalDateTime;
        var timeOfDay = local.TimeOfDay;
        var date = local.Date;
        var periods = Array.Empty<LocalPeriod>();
        for (var counted = 0; counted < workingDays;)
        {
            date = NextDate(date);
            periods = PeriodsOn(date);
            if (periods.Length > 0)
            {
                counted++;
            }
        }

        foreach (var period in periods)
        {
            if (timeOfDay < period.End)
            {
                return At(date, timeOfDay < period.Start ? period.Start : timeOfDay);
            }
        }

        return At(date, periods[^1].End);
    }

    /// <summary>The earliest instant with <paramref name="workingTime"/> of working time since <paramref name="start"/>.</summary>
    public Instant AddWorkingTime(Instant start, Duration workingTime)
    {
        if (workingTime <= Duration.Zero)
        {
            return start;
        }

        var remaining = workingTime;
        for (var date = WalkFrom(start); ; date = NextDate(date))
        {
            foreach (var period in PeriodsOn(date))
            {
                var end = At(date, period.End);
                if (end <= start)
                {
                    continue;
                }

                var from = Max(At(date, period.Start), start);
                var available = end - from;
                if (remaining <= available)
                {
                    return from + remaining;
                }

                remaining -= available;
            }
        }
    }

    public Instant NextWorkingInstant(Instant instant)
    {
        for (var date = WalkFrom(instant); ; date = NextDate(date))
        {
            foreach (var period in PeriodsOn(date))
            {
                if (At(date, period.End) > instant)
                {
                    return Max(At(date, period.Start), instant);
                }
            }
        }
    }

    public Duration MeasureWorkingTime(Instant from, Instant to)
    {
        var total = Duration.Zero;
        if (to <= from)
        {
            return total;
        }

        var lastDate = DateOf(to);
        for (var date = WalkFrom(from); ; date = NextDate(date))
        {
            foreach (var period in PeriodsOn(date))
            {
                var start = Max(At(date, period.Start), from);
                var end = Min(At(date, period.End), to);
                if (end > start)
                {
                    total += end - start;
                }
            }

            if (date >= lastDate)
            {
                return total;
            }
        }
    }

    private static LocalDate NextDate(LocalDate date) =>
        date < LocalDate.MaxIsoValue
            ? date.PlusDays(1)
            : throw new ArgumentOutOfRangeException(nameof(date), "The result is past the last representable date.");

    private static CompiledSchedule Compile(WeeklySchedule schedule)
    {
        var byDay = new LocalPeriod[8][];
        byDay[0] = [];
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            var merged = new List<LocalPeriod>();
            foreach (var period in schedule.PeriodsOf(day).OrderBy(p => p.Start))
            {
                var start = LocalTime.FromTimeOnly(period.Start);
                var end = LocalTime.FromTimeOnly(period.End);
                if (merged.Count > 0 && merged[^1].End == start)
                {
                    merged[^1] = merged[^1] with { End = end };
                }
                else
                {
                    merged.Add(new LocalPeriod(start, end));
                }
            }

            byDay[(int)BclConversions.ToIsoDayOfWeek(day)] = [.. merged];
        }

        return new CompiledSchedule(schedule.ValidFrom.ToLocalDate(), schedule.ValidUntil?.ToLocalDate(), byDay);
    }

    private static Instant Max(Instant a, Instant b) => a > b ? a : b;

    private static Instant Min(Instant a, Instant b) => a < b ? a : b;

    private sealed record CompiledSchedule(LocalDate From, LocalDate? Until, LocalPeriod[][] ByDay);
}
