using System.Globalization;
using Kinerja.Engine.Calendar;

namespace Kinerja.Engine.Tests.Calendar;

/// <summary>Test helpers: WITA instants written as "2026-03-16 11:50", and the seeded Buleleng calendar.</summary>
internal static class Wita
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static WorkingCalendar Buleleng { get; } = BulelengCalendar.Create();

    public static DateTimeOffset At(string local) =>
        new(DateTime.ParseExact(local, ["yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None), Offset);

    public static DateOnly Date(string local) => DateOnly.ParseExact(local, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Format(DateTimeOffset instant) =>
        instant.ToOffset(Offset).ToString(instant.Second == 0 ? "yyyy-MM-dd HH:mm" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
