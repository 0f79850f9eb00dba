using Kinerja.Engine.Calendar;

namespace Kinerja.Engine.Tests.Calendar;

public class BulelengCalendarTests
{
    private static readonly WorkingCalendarData Data = BulelengCalendar.LoadData();

    [Fact]
    public void The_Seed_Is_Valid_And_In_Wita()
    {
        Assert.Empty(Data.Validate());
        Assert.Equal(BulelengCalendar.Name, Data.Name);
        Assert.Equal("Asia/Makassar", Data.TimeZoneId);
    }

    [Fact]
    public void The_Perbup_56_2025_Week_Is_37_And_A_Half_Hours_From_1_March_2026()
    {
        var schedule = Assert.Single(Data.Schedules, s => s.ValidFrom == new DateOnly(2026, 3, 1));

        Assert.Null(schedule.ValidUntil);
        Assert.Equal(TimeSpan.FromHours(37.5), schedule.WeeklyHours);
        Assert.Equal(TimeSpan.FromHours(37.5), Wita.Buleleng.MeasureWorkingTime(Wita.At("2026-03-02 00:00"), Wita.At("2026-03-09 00:00")));
    }

    [Fact]
    public void The_Old_Schedule_Runs_Until_28_February_2026()
    {
        var schedule = Assert.Single(Data.Schedules, s => s.ValidUntil == new DateOnly(2026, 2, 28));

        Assert.True(schedule.ValidFrom <= new DateOnly(2020, 1, 1));
        Assert.Equal([new WorkingPeriod(new TimeOnly(7, 30), new TimeOnly(16, 30))], schedule.PeriodsOf(DayOfWeek.Monday));
        Assert.Equal([new WorkingPeriod(new TimeOnly(7, 30), new TimeOnly(14, 30))], schedule.PeriodsOf(DayOfWeek.Friday));
        Assert.Empty(schedule.PeriodsOf(DayOfWeek.Saturday));
    }

    [Theory]
    [InlineData("2026-01-01", DayOffKind.NationalHoliday, "Tahun Baru")]
    [InlineData("2026-01-16", DayOffKind.NationalHoliday, "Isra Mikraj")]
    [InlineData("2026-02-16", DayOffKind.CutiBersama, "Imlek")]
    [InlineData("2026-02-17", DayOffKind.NationalHoliday, "Imlek")]
    [InlineData("2026-03-18", DayOffKind.CutiBersama, "Nyepi")]
    [InlineData("2026-03-19", DayOffKind.NationalHoliday, "Nyepi")]
    [InlineData("2026-03-20", DayOffKind.CutiBersama, "Idul Fitri")]
    [InlineData("2026-03-21", DayOffKind.NationalHoliday, "Idul Fitri")]
    [InlineData("2026-03-22", DayOffKind.NationalHoliday, "Idul Fitri")]
    [InlineData("2026-03-23", DayOffKind.CutiBersama, "Idul Fitri")]
    [InlineData("2026-03-24", DayOffKind.CutiBersama, "Idul Fitri")]
    [InlineData("2026-04-03", DayOffKind.NationalHoliday, "Wafat Yesus Kristus")]
    [InlineData("2026-04-05", DayOffKind.NationalHoliday, "Paskah")]
    [InlineData("2026-05-01", DayOffKind.NationalHoliday, "Hari Buruh")]
    [InlineData("2026-05-14", DayOffKind.NationalHoliday, "Kenaikan Yesus Kristus")]
    [InlineData("2026-05-15", DayOffKind.CutiBersama, "Kenaikan Yesus Kristus")]
    [InlineData("2026-05-27", DayOffKind.NationalHoliday, "Idul Adha")]
    [InlineData("2026-05-28", DayOffKind.CutiBersama, "Idul Adha")]
    [InlineData("2026-05-31", DayOffKind.NationalHoliday, "Waisak")]
    [InlineData("2026-06-01", DayOffKind.NationalHoliday, "Pancasila")]
    [InlineData("2026-06-16", DayOffKind.NationalHoliday, "Tahun Baru Islam")]
    [InlineData("2026-08-17", DayOffKind.NationalHoliday, "Kemerdekaan")]
    [InlineData("2026-08-25", DayOffKind.NationalHoliday, "Maulid Nabi")]
    [InlineData("2026-12-24", DayOffKind.CutiBersama, "Natal")]
    [InlineData("2026-12-25", DayOffKind.NationalHoliday, "Natal")]
    public void The_2026_Holidays_And_Cuti_Bersama_Are_Seeded(string date, DayOffKind kind, string name)
    {
        var dayOff = Assert.Single(Data.DaysOff, d => d.Date == Wita.Date(date));

        Assert.Equal(kind, dayOff.Kind);
        Assert.Contains(name, dayOff.Name, StringComparison.Ordinal);
    }

    [Fact]
    public void Seventeen_Holidays_And_Eight_Cuti_Bersama_Days_Are_Seeded()
    {
        Assert.Equal(17, Data.DaysOff.Count(d => d.Kind == DayOffKind.NationalHoliday));
        Assert.Equal(8, Data.DaysOff.Count(d => d.Kind == DayOffKind.CutiBersama));
    }

    [Fact]
    public void The_Zone_For_Cron_Schedules_Is_Wita()
    {
        var zone = Wita.Buleleng.TimeZone;

        Assert.Equal(Wita.Offset, zone.GetUtcOffset(new DateTimeOffset(2026, 3, 16, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(Wita.Offset, zone.GetUtcOffset(new DateTimeOffset(2026, 8, 17, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void The_Embedded_File_Is_Written_As_ToJson_Writes_It()
    {
        Assert.Equal(BulelengCalendar.LoadJson().ReplaceLineEndings("\n"), Data.ToJson());
    }
}
