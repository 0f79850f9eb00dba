using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using NodaTime;
using NodaTime.Text;

namespace Kinerja.Engine.Calendar;

/// <summary>
/// A parsed ISO 8601 duration such as <c>PT5M</c>, <c>PT60M</c>, <c>P5D</c>, <c>P1W</c>, <c>PT1H30M</c> or <c>P1M</c>:
/// a time standard (SOP "Waktu") or a timer. Components are never negative.
/// </summary>
/// <remarks>
/// Two durations are equal when their years, months, weeks, days and <see cref="Time"/> are equal:
/// <c>PT60M</c> equals <c>PT1H</c>, but <c>P1W</c> does not equal <c>P7D</c> and <c>PT24H</c> does not equal
/// <c>P1D</c>, because weeks, days and hours mean different things in working time. Like
/// <see cref="decimal"/>, equal values may print differently: <see cref="ToString"/> keeps the time units
/// as written, so an SOP's <c>PT60M</c> is shown as <c>PT60M</c>.
/// </remarks>
public sealed record IsoDuration
{
    private const string Expected = "expected e.g. PT5M, PT60M, P5D";

    // The time part as written, for ToString only; Time is their sum.
    private readonly long _hours;
    private readonly long _minutes;
    private readonly long _secondTicks;

    private IsoDuration(int years, int months, int weeks, int days, long hours, long minutes, long secondTicks)
    {
        Years = years;
        Months = months;
        Weeks = weeks;
        Days = days;
        _hours = hours;
        _minutes = minutes;
        _secondTicks = secondTicks;
        Time = TimeSpan.FromTicks(checked((hours * TimeSpan.TicksPerHour) + (minutes * TimeSpan.TicksPerMinute) + secondTicks));
    }

    /// <summary>The empty duration, <c>PT0S</c>.</summary>
    public static IsoDuration Zero { get; } = new(0, 0, 0, 0, 0, 0, 0);

    public int Years { get; }

    public int Months { get; }

    public int Weeks { get; }

    public int Days { get; }

    /// <summary>The hours, minutes and seconds part (may exceed 24 hours: <c>PT30H</c> is 30 hours, not a day and 6 hours).</summary>
    public TimeSpan Time { get; }

    public bool IsZero => Years == 0 && Months == 0 && Weeks == 0 && Days == 0 && Time == TimeSpan.Zero;

    /// <summary>True when the duration has a year or month part, which has no meaning in working time.</summary>
    public bool HasYearsOrMonths => Years != 0 || Months != 0;

    /// <summary>Creates a duration from its components; all must be zero or positive. The time is written in hours, minutes and seconds (90 minutes as <c>PT1H30M</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A component is negative.</exception>
    public static IsoDuration Create(int years = 0, int months = 0, int weeks = 0, int days = 0, TimeSpan time = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(years);
        ArgumentOutOfRangeException.ThrowIfNegative(months);
        ArgumentOutOfRangeException.ThrowIfNegative(weeks);
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        ArgumentOutOfRangeException.ThrowIfLessThan(time, TimeSpan.Zero);
        return new IsoDuration(
            years, months, weeks, days, time.Ticks / TimeSpan.TicksPerHour, time.Minutes, time.Ticks % TimeSpan.TicksPerMinute);
    }

    /// <summary>A duration of <paramref name="days"/> days (<c>P5D</c>).</summary>
    public static IsoDuration FromDays(int days) => Create(days: days);

    /// <summary>A duration with only a time part (<c>PT60M</c>).</summary>
    public static IsoDuration FromTime(TimeSpan time) => Create(time: time);

    /// <summary>
    /// Parses an ISO 8601 duration (<c>PnYnMnWnDTnHnMnS</c>, seconds may have a fraction). Surrounding
    /// white space and lower-case letters are accepted.
    /// </summary>
    /// <exception cref="FormatException">The text is not a non-negative ISO 8601 duration; the message names the text.</exception>
    public static IsoDuration Parse(string text)
    {
        return TryParse(text, out var duration, out var error) ? duration : throw new FormatException(error);
    }

    /// <summary>Parses like <see cref="Parse"/>; on failure returns false, <see cref="Zero"/> and the reason in <paramref name="error"/>.</summary>
    public static bool TryParse(string? text, out IsoDuration duration, [NotNullWhen(false)] out string? error)
    {
        duration = Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = $"An ISO 8601 duration is required ({Expected}).";
            return false;
        }

        var normalized = text.Trim().ToUpperInvariant();
        var result = PeriodPattern.NormalizingIso.Parse(normalized);
        if (!result.Success)
        {
            error = $"'{text}' is not an ISO 8601 duration ({Expected}). {result.Exception.Message}";
            return false;
        }

        // NodaTime accepts a dangling 'T' ("P1DT"), which ISO 8601 does not.
        if (normalized.EndsWith('T'))
        {
            error = $"'{text}' is not an ISO 8601 duration ({Expected}): 'T' must be followed by hours, minutes or seconds.";
            return false;
        }

        return FromPeriod(text, result.Value, out duration, out error);
    }

    public override string ToString()
    {
        if (IsZero)
        {
            return "PT0S";
        }

        var text = new StringBuilder("P");
        Append(text, Years, 'Y');
        Append(text, Months, 'M');
        Append(text, Weeks, 'W');
        Append(text, Days, 'D');
        if (Time > TimeSpan.Zero)
        {
            text.Append('T');
            Append(text, _hours, 'H');
            Append(text, _minutes, 'M');
            if (_secondTicks != 0)
            {
                var seconds = decimal.Divide(_secondTicks, TimeSpan.TicksPerSecond);
                text.Append(seconds.ToString("0.#######", CultureInfo.InvariantCulture)).Append('S');
            }
        }

        return text.ToString();
    }

    /// <summary>The NodaTime period for calendar arithmetic.</summary>
    internal Period ToPeriod() => new PeriodBuilder
    {
        Years = Years,
        Months = Months,
        Weeks = Weeks,
        Days = Days,
        Ticks = Time.Ticks,
    }.Build();

    private static bool FromPeriod(string text, Period period, out IsoDuration duration, [NotNullWhen(false)] out string? error)
    {
        duration = Zero;
        if (period.Years < 0 || period.Months < 0 || period.Weeks < 0 || period.Days < 0 || period.Hours < 0
            || period.Minutes < 0 || period.Seconds < 0 || period.Milliseconds < 0 || period.Ticks < 0 || period.Nanoseconds < 0)
        {
            error = $"'{text}' is a negative duration; a duration must not be negative.";
            return false;
        }

        if (period.Nanoseconds % 100 != 0)
        {
            error = $"'{text}' is finer than the supported precision of 0.0000001 seconds.";
            return false;
        }

        try
        {
            var secondTicks = checked((period.Seconds * TimeSpan.TicksPerSecond) + (period.Milliseconds * TimeSpan.TicksPerMillisecond)
                + period.Ticks + (period.Nanoseconds / 100));
            duration = new IsoDuration(period.Years, period.Months, period.Weeks, period.Days, period.Hours, period.Minutes, secondTicks);
        }
        catch (Exception e) when (e is OverflowException or ArgumentOutOfRangeException)
        {
            error = $"'{text}' has a time part too long to represent.";
            return false;
        }

        error = null;
        return true;
    }

    public bool Equals(IsoDuration? other) =>
        other is not null && Years == other.Years && Months == other.Months && Weeks == other.Weeks && Days == other.Days && Time == other.Time;

    public override int GetHashCode() => HashCode.Combine(Years, Months, Weeks, Days, Time);

    private static void Append(StringBuilder text, long value, char unit)
    {
        if (value != 0)
        {
            text.Append(value.ToString(CultureInfo.InvariantCulture)).Append(unit);
        }
    }
}
