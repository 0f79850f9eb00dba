namespace Kinerja.Engine.Calendar;

/// <summary>A whole local date with no working time, whatever the weekly schedule says.</summary>
public sealed record DayOff(DateOnly Date, string Name, DayOffKind Kind);
