using CsCheck;
using Kinerja.Engine.Calendar;
using NodaTime;

namespace Kinerja.Engine.Tests.Calendar;

public class WorkingDaysTests
{
    // Berlin changes offset on 29 March and 25 October 2026, so both the fixed-offset shortcut and
    // the zone resolution are exercised; a night shift 01:00–04:00 spans the spring-forward gap.
    private static readonly WorkingCalendarData Berlin = new(
        "berlin-night",
        "Europe/Berlin",
        [new WeeklySchedule(
            new DateOnly(2026, 1, 1),
            null,
            Enum.GetValues<DayOfWeek>().ToDictionary(d => d, _ => (IReadOnlyList<WorkingPeriod>)[new WorkingPeriod(new TimeOnly(1, 0), new TimeOnly(4, 0))]))],
        []);

    [Fact]
    public void Local_Times_Map_To_Instants_As_The_Zone_Resolves_Them()
    {
        var days = new WorkingDays(Berlin);
        var zone = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
        var dates = Gen.Int[0, 730].Select(d => new LocalDate(2025, 7, 1).PlusDays(d));
        var times = Gen.Long[0, NodaConstants.TicksPerDay - 1].Select(LocalTime.FromTicksSinceMidnight);

        Gen.Select(dates, times).Sample((date, time) =>
            Assert.Equal(zone.AtLeniently(date + time).ToInstant(), days.At(date, time)), iter: 2000);
    }

    [Fact]
    public void The_Night_Of_The_Spring_Forward_Has_One_Hour_Less()
    {
        var calendar = new WorkingCalendar(Berlin);
        var start = new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.FromHours(1));

        Assert.Equal(TimeSpan.FromHours(2), calendar.MeasureWorkingTime(start, start.AddHours(6)));
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 4, 0, 0, TimeSpan.FromHours(2)), calendar.AddWorkingTime(start, TimeSpan.FromHours(2)));
        Assert.Equal(TimeSpan.FromHours(2), calendar.AddWorkingTime(start, TimeSpan.FromHours(2)).Offset);
    }

    [Fact]
    public void Touching_Periods_Are_Merged_Into_One()
    {
        var schedule = new WeeklySchedule(
            new DateOnly(2026, 1, 1),
            null,
            new Dictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>>
            {
                [DayOfWeek.Monday] = [new WorkingPeriod(new TimeOnly(12, 0), new TimeOnly(16, 0)), new WorkingPeriod(new TimeOnly(8, 0), new TimeOnly(12, 0))],
            });
        var days = new WorkingDays(Berlin with { Schedules = [schedule] });

        Assert.Equal([new LocalPeriod(new LocalTime(8, 0), new LocalTime(16, 0))], days.PeriodsOn(new LocalDate(2026, 3, 16)));
        Assert.Empty(days.PeriodsOn(new LocalDate(2026, 3, 17)));
        Assert.Empty(days.PeriodsOn(new LocalDate(2025, 12, 29)));
    }
}
