using NodaTime;
using NodaTime.Extensions;

namespace Kinerja.Engine.Calendar;

/// <summary>
/// Office hours of an organisation: when work is done, and deadlines counted in working time.
/// Immutable and thread-safe; build one per calendar and share it.
/// </summary>
/// <remarks>
/// Every instant may come with any offset; results are in the calendar's zone (for Buleleng
/// Asia/Makassar, WITA, +08:00). A working period includes its start and excludes its end: at 12:00,
/// when the morning ends, it is no longer working time. Before the first schedule's
/// <see cref="WeeklySchedule.ValidFrom"/> nothing is working time.
/// </remarks>
public sealed class WorkingCalendar
{
    private const int WorkingDaysPerWeek = 5;

    private readonly WorkingDays _days;
    private readonly Lazy<TimeZoneInfo> _timeZone;

    /// <summary>Builds a calendar from validated data.</summary>
    /// <exception cref="ArgumentException">The data is invalid; the message lists every problem (see <see cref="WorkingCalendarData.Validate"/>).</exception>
    public WorkingCalendar(WorkingCalendarData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var problems = data.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(CalendarDataException.Describe(data.Name, problems), nameof(data));
        }

        Data = data;
        _days = new WorkingDays(data);
        _timeZone = new(() => SystemTimeZone.For(_days.Zone));
    }

    public string Name => Data.Name;

    public WorkingCalendarData Data { get; }

    /// <summary>The IANA id of the calendar's zone, e.g. Asia/Makassar.</summary>
    public string TimeZoneId => Data.TimeZoneId;

    /// <summary>
    /// The zone as a <see cref="TimeZoneInfo"/>, for libraries that need one (cron schedules): the system's
    /// zone of that id, or, on a machine without tzdata, a fixed-offset zone built from the embedded tzdb.
    /// </summary>
    /// <exception cref="InvalidOperationException">The system lacks the zone and it has summer time.</exception>
    public TimeZoneInfo TimeZone => _timeZone.Value;

    /// <summary>The same instant, with the calendar zone's offset (+08:00 for WITA).</summary>
    public DateTimeOffset ToCalendarTime(DateTimeOffset instant) => ToOffset(Instant.FromDateTimeOffset(instant));

    /// <summary>True when the local date has working periods: its schedule gives it hours and it is not a day off.</summary>
    public bool IsWorkingDay(DateOnly localDate) => _days.PeriodsOn(localDate.ToLocalDate()).Length > 0;

    /// <summary>The office hours of a local date, empty on weekends and days off.</summary>
    public IReadOnlyList<WorkingPeriod> GetWorkingPeriods(DateOnly localDate) =>
        [.. _days.PeriodsOn(localDate.ToLocalDate()).Select(p => new WorkingPeriod(p.Start.ToTimeOnly(), p.End.ToTimeOnly()))];

    /// <summary>The day off on a local date (holiday, cuti bersama …), or null.</summary>
    public DayOff? GetDayOff(DateOnly localDate) => _days.DayOffOn(localDate.ToLocalDate());

    /// <summary>True when the instant is inside a working period (start included, end excluded).</summary>
    public bool IsWorkingTime(DateTimeOffset instant)
    {
        var t = Instant.FromDateTimeOffset(instant);
        var date = _days.DateOf(t);
        foreach (var period in _days.PeriodsOn(date))
        {
            if (t >= _days.At(date, period.Start) && t < _days.At(date, period.End))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The instant itself when it is working time, otherwise the start of the next working period
    /// (after a break, the next morning, after a weekend or holidays).
    /// </summary>
    public DateTimeOffset NextWorkingInstant(DateTimeOffset instant) => ToOffset(_days.NextWorkingInstant(Instant.FromDateTimeOffset(instant)));

    /// <summary>
    /// Adds a duration such as an SOP time standard.
    /// <para>
    /// <see cref="TimeBasis.Working"/>: days and weeks count working days (a week is 5): the start is first
    /// moved to the next working instant, then the result is at the same time of day on the n-th following
    /// working day; when that time is in a break it moves to the break's end (or to the opening when
    /// before it), and when it is after the day's close it is clamped to the close. Then the hours, minutes
    /// and seconds are added as working time (see <see cref="AddWorkingTime(DateTimeOffset, TimeSpan)"/>). Years and months have
    /// no working-time meaning and are refused. A zero duration returns the start as it is.
    /// </para>
    /// <para><see cref="TimeBasis.Calendar"/>: plain calendar arithmetic on the local date and time in the zone.</para>
    /// </summary>
    /// <example>Monday 11:50 + PT60M = Monday 13:35 (the 12:00–12:45 break is skipped); Thursday 15:30 + P1D = Friday 14:00.</example>
    /// <exception cref="ArgumentException">Years or months with the working basis.</exception>
    public DateTimeOffset Add(DateTimeOffset start, IsoDuration duration, TimeBasis basis = TimeBasis.Working)
    {
        ArgumentNullException.ThrowIfNull(duration);
        var from = Instant.FromDateTimeOffset(start);
        return ToOffset(basis switch
        {
            TimeBasis.Working => AddWorking(from, duration),
            TimeBasis.Calendar => AddCalendar(from, duration),
            _ => throw new ArgumentOutOfRangeException(nameof(basis), basis, "Unknown time basis."),
        });
    }

    /// <summary>
    /// The earliest instant by which <paramref name="workingTime"/> of working time has passed since
    /// <paramref name="start"/>: inside a working period or at a period's end, never at the start of the
    /// next one. Zero returns the start.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The working time is negative.</exception>
    public DateTimeOffset AddWorkingTime(DateTimeOffset start, TimeSpan workingTime)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workingTime, TimeSpan.Zero);
        return ToOffset(_days.AddWorkingTime(Instant.FromDateTimeOffset(start), Duration.FromTimeSpan(workingTime)));
    }

    /// <summary>The working time between two instants (breaks, weekends and days off excluded); zero if <paramref name="to"/> is not after <paramref name="from"/>.</summary>
    public TimeSpan MeasureWorkingTime(DateTimeOffset from, DateTimeOffset to) =>
        _days.MeasureWorkingTime(Instant.FromDateTimeOffset(from), Instant.FromDateTimeOffset(to)).ToTimeSpan();

    /// <summary>
    /// The instant at <paramref name="fraction"/> (0..1) of the way from <paramref name="start"/> to
    /// <c>Add(start, duration, basis)</c>, e.g. a reminder at 80 % of a time standard. With the working
    /// basis the fraction is of the working time in between (rounded to the tick) and the result is the
    /// earliest instant with that much working time behind it; 1 gives exactly the deadline.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is not between 0 and 1.</exception>
    public DateTimeOffset AddFraction(DateTimeOffset start, IsoDuration duration, double fraction, TimeBasis basis = TimeBasis.Working)
    {
        if (double.IsNaN(fraction) || fraction < 0 || fraction > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The fraction must be between 0 and 1.");
        }

        var end = Add(start, duration, basis);
        if (fraction == 1)
        {
            return end;
        }

        var from = Instant.FromDateTimeOffset(start);
        var to = Instant.FromDateTimeOffset(end);
        if (basis == TimeBasis.Calendar)
        {
            return ToOffset(from + Scale(to - from, fraction));
        }

        return ToOffset(_days.AddWorkingTime(from, Scale(_days.MeasureWorkingTime(from, to), fraction)));
    }

    public override string ToString() => $"{Name} ({TimeZoneId})";

    private static Duration Scale(Duration duration, double fraction) =>
        Duration.FromTicks((long)Math.Round(duration.BclCompatibleTicks * fraction, MidpointRounding.AwayFromZero));

    private DateTimeOffset ToOffset(Instant instant) => instant.InZone(_days.Zone).ToDateTimeOffset();

    private Instant AddCalendar(Instant start, IsoDuration duration)
    {
        var zone = _days.Zone;
        return zone.AtLeniently(start.InZone(zone).LocalDateTime.Plus(duration.ToPeriod())).ToInstant();
    }

    private Instant AddWorking(Instant start, IsoDuration duration)
    {
        if (duration.HasYearsOrMonths)
        {
            throw new ArgumentException(
                $"'{duration}' has years or months, which have no meaning in working time; "
                + "use days or weeks (P5D, P1W) or the calendar basis.",
                nameof(duration));
        }

        if (duration.IsZero)
        {
            return start;
        }

        var workingDays = checked((duration.Weeks * WorkingDaysPerWeek) + duration.Days);
        var afterDays = workingDays == 0 ? start : _days.AddWorkingDays(start, workingDays);
        return _days.AddWorkingTime(afterDays, Duration.FromTimeSpan(duration.Time));
    }
}
