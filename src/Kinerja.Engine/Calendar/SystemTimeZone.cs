using NodaTime;

namespace Kinerja.Engine.Calendar;

/// <summary>A <see cref="TimeZoneInfo"/> for a tzdb zone, for libraries that need one (cron schedules).</summary>
internal static class SystemTimeZone
{
    public static TimeZoneInfo For(DateTimeZone zone, Func<string, TimeZoneInfo>? findSystemZone = null)
    {
        try
        {
            return (findSystemZone ?? TimeZoneInfo.FindSystemTimeZoneById)(zone.Id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            // A machine without tzdata: a zone that no longer changes offset (WITA has kept +08:00 since 1945)
            // is rebuilt from the embedded tzdb; one with summer time cannot be without its rules.
            var latest = zone.GetZoneInterval(Instant.FromUtc(9000, 1, 1, 0, 0));
            return latest.HasEnd
                ? throw new InvalidOperationException($"The system has no time zone '{zone.Id}' and it changes offset; install tzdata.", e)
                : TimeZoneInfo.CreateCustomTimeZone(zone.Id, latest.WallOffset.ToTimeSpan(), zone.Id, latest.Name);
        }
    }
}
