namespace Kinerja.Engine.Calendar;

/// <summary>Finds the working calendar a process definition names.</summary>
public interface IWorkingCalendarProvider
{
    /// <summary>The calendar of that name (case-insensitive); null or empty gives the default calendar.</summary>
    /// <exception cref="KeyNotFoundException">No calendar has that name; the message lists the known ones.</exception>
    WorkingCalendar Get(string? name);
}
