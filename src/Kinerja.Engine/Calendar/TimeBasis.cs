namespace Kinerja.Engine.Calendar;

/// <summary>How a duration is counted.</summary>
public enum TimeBasis
{
    /// <summary>
    /// Office time: the time part counts working time only (breaks, weekends and days off excluded) and
    /// days and weeks count working days (a week is 5 working days). The default for SOP time standards.
    /// </summary>
    Working,

    /// <summary>Plain calendar arithmetic in the calendar's time zone, as for a wall clock.</summary>
    Calendar,
}
