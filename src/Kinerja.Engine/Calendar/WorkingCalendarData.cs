namespace Kinerja.Engine.Calendar;

/// <summary>
/// The editable data behind a <see cref="WorkingCalendar"/>: an IANA time zone, weekly schedules that
/// follow one another in time (the latest open-ended), and the days off (holidays, cuti bersama,
/// regional dispensations). Admins edit it as JSON; see <see cref="FromJson"/>.
/// </summary>
/// <param name="Name">The calendar's name, by which process definitions refer to it.</param>
/// <param name="TimeZoneId">An IANA time zone id, e.g. <c>Asia/Makassar</c> (WITA).</param>
/// <param name="Schedules">Weekly schedules, one after the other without gaps or overlaps; the latest open-ended.</param>
/// <param name="DaysOff">Whole local dates without working time, each listed once.</param>
/// <remarks>Equality compares the schedules and days off item by item.</remarks>
public sealed record WorkingCalendarData(
    string Name,
    string TimeZoneId,
    IReadOnlyList<WeeklySchedule> Schedules,
    IReadOnlyList<DayOff> DaysOff)
{
    /// <summary>
    /// Reads calendar data from JSON (the format <see cref="ToJson"/> writes) and validates it.
    /// </summary>
    /// <exception cref="CalendarDataException">
    /// The JSON is malformed or the data is invalid (overlapping periods, an end not after its start,
    /// an unknown time zone, overlapping schedules, a date listed twice …); each problem names its
    /// field, e.g. <c>schedules[1].days.friday[0]</c> or <c>daysOff[3] (2026-03-19)</c>.
    /// </exception>
    public static WorkingCalendarData FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var data = CalendarJson.Read(json);
        var problems = data.Validate();
        return problems.Count == 0 ? data : throw new CalendarDataException(data.Name, problems);
    }

    /// <summary>Writes the data as indented JSON, readable by <see cref="FromJson"/>.</summary>
    public string ToJson() => CalendarJson.Write(this);

    /// <summary>The problems that make this data unusable for a calendar; empty when it is valid.</summary>
    public IReadOnlyList<string> Validate() => CalendarDataValidator.Validate(this);

    public bool Equals(WorkingCalendarData? other) =>
        other is not null
        && Name == other.Name
        && TimeZoneId == other.TimeZoneId
        && (Schedules ?? []).SequenceEqual(other.Schedules ?? [])
        && (DaysOff ?? []).SequenceEqual(other.DaysOff ?? []);

    public override int GetHashCode() => HashCode.Combine(Name, TimeZoneId, Schedules?.Count, DaysOff?.Count);
}
