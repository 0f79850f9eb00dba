using Kinerja.Engine.Calendar;

namespace Kinerja.Engine.Tests.Calendar;

public class WorkingCalendarHoursTests
{
    private static readonly WorkingCalendar Calendar = Wita.Buleleng;

    [Theory]
    [InlineData("2026-03-16", true)]
    [InlineData("2026-03-14", false)] // Saturday
    [InlineData("2026-03-15", false)] // Sunday
    [InlineData("2026-03-18", false)] // cuti bersama Nyepi
    [InlineData("2026-03-19", false)] // Nyepi
    [InlineData("2026-03-24", false)] // cuti bersama Idul Fitri
    [InlineData("2026-03-25", true)]
    [InlineData("2026-02-27", true)] // a Friday of the old schedule
    [InlineData("2026-08-17", false)] // Hari Kemerdekaan
    [InlineData("2019-12-31", false)] // before the first schedule
    public void IsWorkingDay_Knows_Weekends_And_Days_Off(string date, bool expected)
    {
        Assert.Equal(expected, Calendar.IsWorkingDay(Wita.Date(date)));
    }

    [Theory]
    [InlineData("2026-03-16 07:29", false)]
    [InlineData("2026-03-16 07:30", true)] // the start of a period is working time
    [InlineData("2026-03-16 11:59", true)]
    [InlineData("2026-03-16 12:00", false)] // its end is not
    [InlineData("2026-03-16 12:45", true)]
    [InlineData("2026-03-16 16:00", false)]
    [InlineData("2026-03-13 07:00", true)] // new Friday opens at 07:00
    [InlineData("2026-03-13 11:15", false)] // Friday break
    [InlineData("2026-03-13 14:15", false)]
    [InlineData("2026-02-27 07:00", false)] // old Friday opened at 07:30
    [InlineData("2026-02-27 14:15", true)] // and closed at 14:30
    [InlineData("2026-02-26 12:30", true)] // old schedule had no break
    [InlineData("2026-03-19 10:00", false)] // Nyepi
    public void IsWorkingTime_Follows_The_Schedule_In_Force(string instant, bool expected)
    {
        Assert.Equal(expected, Calendar.IsWorkingTime(Wita.At(instant)));
    }

    [Theory]
    [InlineData("2026-03-16 10:00", "2026-03-16 10:00")] // already working
    [InlineData("2026-03-16 12:10", "2026-03-16 12:45")]
    [InlineData("2026-03-16 16:00", "2026-03-17 07:30")]
    [InlineData("2026-03-13 14:00", "2026-03-16 07:30")]
    [InlineData("2026-03-17 16:30", "2026-03-25 07:30")]
    [InlineData("2026-03-15 23:00", "2026-03-16 07:30")]
    public void NextWorkingInstant_Waits_For_The_Office_To_Open(string instant, string expected)
    {
        Assert.Equal(expected, Wita.Format(Calendar.NextWorkingInstant(Wita.At(instant))));
    }

    [Fact]
    public void Before_The_First_Schedule_Nothing_Is_Working_Time()
    {
        Assert.Equal("2020-01-01 07:30", Wita.Format(Calendar.NextWorkingInstant(Wita.At("1990-05-01 10:00"))));
        Assert.Equal(TimeSpan.Zero, Calendar.MeasureWorkingTime(Wita.At("1990-05-01 10:00"), Wita.At("2020-01-01 07:30")));
        Assert.Equal("2020-01-01 08:30", Wita.Format(Calendar.Add(Wita.At("1990-05-01 10:00"), IsoDuration.Parse("PT1H"))));
    }

    [Fact]
    public void NextWorkingInstant_Answers_In_Wita()
    {
        var next = Calendar.NextWorkingInstant(new DateTimeOffset(2026, 3, 16, 2, 0, 0, TimeSpan.Zero));

        Assert.Equal(new DateTimeOffset(2026, 3, 16, 10, 0, 0, Wita.Offset), next);
        Assert.Equal(Wita.Offset, next.Offset);
    }

    [Theory]
    [InlineData("2026-03-09 07:30", "2026-03-16 07:30", 37.5)] // a full week of the new schedule
    [InlineData("2026-03-08 00:00", "2026-03-15 00:00", 37.5)]
    [InlineData("2026-02-01 00:00", "2026-02-08 00:00", 43.0)] // a full week of the old one
    [InlineData("2026-03-13 13:00", "2026-03-16 08:30", 2.0)] // across a weekend
    [InlineData("2026-03-17 07:30", "2026-03-25 07:30", 7.75)] // across Nyepi and the cuti bersama
    [InlineData("2026-03-16 11:00", "2026-03-16 13:00", 1.25)] // the break does not count
    [InlineData("2026-03-13 10:00", "2026-03-13 12:00", 1.5)] // nor Friday's
    [InlineData("2026-02-27 14:00", "2026-03-02 08:00", 1.0)] // from the old schedule into the new
    [InlineData("2026-03-16 10:00", "2026-03-16 10:00", 0.0)]
    [InlineData("2026-03-16 11:00", "2026-03-16 10:00", 0.0)] // backwards is nothing
    public void MeasureWorkingTime_Sums_Only_Office_Hours(string from, string to, double hours)
    {
        Assert.Equal(TimeSpan.FromHours(hours), Calendar.MeasureWorkingTime(Wita.At(from), Wita.At(to)));
    }

    [Fact]
    public void MeasureWorkingTime_Over_2026_Excludes_Every_Holiday()
    {
        // Jan–Feb on the old schedule: 326 h; March–December on the new one: 1518 h (counted by hand, holidays off).
        var measured = Calendar.MeasureWorkingTime(Wita.At("2026-01-01 00:00"), Wita.At("2027-01-01 00:00"));

        Assert.Equal(TimeSpan.FromHours(326 + 1518), measured);
    }

    [Fact]
    public void GetWorkingPeriods_Lists_The_Friday_Hours()
    {
        var periods = Calendar.GetWorkingPeriods(Wita.Date("2026-03-13"));

        Assert.Equal([new WorkingPeriod(new TimeOnly(7, 0), new TimeOnly(11, 0)), new WorkingPeriod(new TimeOnly(11, 30), new TimeOnly(14, 0))], periods);
    }

    [Fact]
    public void GetDayOff_Names_Nyepi()
    {
        var dayOff = Calendar.GetDayOff(Wita.Date("2026-03-19"));

        Assert.NotNull(dayOff);
        Assert.Equal(DayOffKind.NationalHoliday, dayOff.Kind);
        Assert.Contains("Nyepi", dayOff.Name, StringComparison.Ordinal);
        Assert.Null(Calendar.GetDayOff(Wita.Date("2026-03-16")));
    }
}
