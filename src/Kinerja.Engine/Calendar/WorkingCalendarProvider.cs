namespace Kinerja.Engine.Calendar;

/// <summary>A fixed set of calendars, one of them the default; names are compared case-insensitively.</summary>
public sealed class WorkingCalendarProvider : IWorkingCalendarProvider
{
    private readonly Dictionary<string, WorkingCalendar> _byName = new(StringComparer.OrdinalIgnoreCase);

    /// <exception cref="ArgumentException">Two calendars share a name.</exception>
    public WorkingCalendarProvider(WorkingCalendar defaultCalendar, params IEnumerable<WorkingCalendar> others)
    {
        ArgumentNullException.ThrowIfNull(defaultCalendar);
        ArgumentNullException.ThrowIfNull(others);
        Default = defaultCalendar;
        foreach (var calendar in others.Prepend(defaultCalendar))
        {
            ArgumentNullException.ThrowIfNull(calendar, nameof(others));
            if (!_byName.TryAdd(calendar.Name, calendar) && !ReferenceEquals(_byName[calendar.Name], calendar))
            {
                throw new ArgumentException($"Two working calendars are named '{calendar.Name}'.", nameof(others));
            }
        }
    }

    public WorkingCalendar Default { get; }

    public IEnumerable<string> Names => _byName.Keys;

    public WorkingCalendar Get(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return Default;
        }

        return _byName.TryGetValue(name, out var calendar)
            ? calendar
            : throw new KeyNotFoundException(
                $"No working calendar is named '{name}'; known calendars: {string.Join(", ", _byName.Keys.Select(k => $"'{k}'"))}.");
    }
}
