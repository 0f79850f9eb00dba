using Kinerja.Engine.Calendar;

namespace Kinerja.Host.Admin;

/// <summary>Changes to a calendar's days off, made on its data and saved whole through <see cref="Calendar.HostCalendars"/>.</summary>
public static class CalendarEditor
{
    public const int MaxDayOffName = 200;

    /// <summary>The data with one more day off, or the problems that keep it out.</summary>
    public static (WorkingCalendarData? Data, IReadOnlyList<FieldError> Errors) AddDayOff(WorkingCalendarData data, string? dateText, string? name, string? kindText)
    {
        ArgumentNullException.ThrowIfNull(data);
        var errors = new FieldErrors();
        var date = OrganizationAdmin.ParseDate(errors, "DayOffDate", dateText);
        name = OrganizationAdmin.Trim(name);
        if (name is null)
        {
            errors.Add("DayOffName", "Error.Required");
        }
        else if (name.Length > MaxDayOffName)
        {
            errors.Add("DayOffName", "Error.TooLong", MaxDayOffName);
        }

        if (!Enum.TryParse<DayOffKind>(OrganizationAdmin.Trim(kindText), ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
        {
            errors.Add("DayOffKind", "Error.DayOffKind");
        }

        if (date is { } d && data.DaysOff.FirstOrDefault(o => o.Date == d) is { } existing)
        {
            errors.Add("DayOffDate", "Error.DayOffTwice", existing.Name);
        }

        if (errors.Any)
        {
            return (null, errors.All);
        }

        var daysOff = data.DaysOff.Append(new DayOff(date!.Value, name!, kind)).OrderBy(o => o.Date).ToList();
        return (data with { DaysOff = daysOff }, []);
    }

    /// <summary>The data without the day off on <paramref name="date"/>, or null when none is listed then.</summary>
    public static WorkingCalendarData? RemoveDayOff(WorkingCalendarData data, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.DaysOff.Any(o => o.Date == date) ? data with { DaysOff = data.DaysOff.Where(o => o.Date != date).ToList() } : null;
    }
}
