namespace Kinerja.Engine.Calendar;

/// <summary>
/// A span of office hours within a day, in the calendar's local time, from <see cref="Start"/> (working)
/// to <see cref="End"/> (no longer working). <see cref="End"/> must be after <see cref="Start"/>.
/// </summary>
public sealed record WorkingPeriod(TimeOnly Start, TimeOnly End)
{
    public TimeSpan Length => End - Start;

    public override string ToString() => $"{CalendarJson.FormatTime(Start)}–{CalendarJson.FormatTime(End)}";
}
