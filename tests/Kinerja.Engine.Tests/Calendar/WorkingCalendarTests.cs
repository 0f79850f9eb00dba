using Kinerja.Engine.Calendar;

namespace Kinerja.Engine.Tests.Calendar;

// March 2026: Mon 2, 9, 16, 23, 30. Nyepi Thu 19 with cuti bersama 18, 20, 23, 24 and Idul Fitri Sat 21–Sun 22.
// February 2026 still runs on the old schedule (no break, Friday 07:30–14:30).
public class WorkingCalendarTests
{
    private static readonly WorkingCalendar Calendar = Wita.Buleleng;

    [Theory]
    [InlineData("2026-03-09 11:50", "PT60M", "2026-03-09 13:35")] // Monday: the 12:00–12:45 break is skipped
    [InlineData("2026-03-09 12:10", "PT60M", "2026-03-09 13:45")] // given during the break
    [InlineData("2026-03-13 10:50", "PT60M", "2026-03-13 12:20")] // Friday: the 11:00–11:30 break
    [InlineData("2026-03-13 13:30", "PT60M", "2026-03-16 08:00")] // Friday closes at 14:00, then the weekend
    [InlineData("2026-03-12 16:00", "PT5M", "2026-03-13 07:05")] // given at closing time; Friday opens at 07:00
    [InlineData("2026-03-09 07:30", "PT5M", "2026-03-09 07:35")]
    [InlineData("2026-03-09 06:00", "PT60M", "2026-03-09 08:30")] // before opening
    [InlineData("2026-03-09 17:00", "PT60M", "2026-03-10 08:30")] // after close
    [InlineData("2026-03-08 10:00", "PT60M", "2026-03-09 08:30")] // on a Sunday
    [InlineData("2026-03-09 07:30", "PT7H45M", "2026-03-09 16:00")] // a whole Monday ends at its close, not next morning
    [InlineData("2026-03-17 15:30", "PT60M", "2026-03-25 08:00")] // Nyepi and the cuti bersama around it
    [InlineData("2026-02-09 11:50", "PT60M", "2026-02-09 12:50")] // old schedule: no break
    [InlineData("2026-02-27 14:00", "PT60M", "2026-03-02 08:00")] // old Friday closes 14:30, new Monday opens 07:30
    public void Add_Counts_Minutes_And_Hours_In_Working_Time(string start, string duration, string expected)
    {
        Assert.Equal(expected, Wita.Format(Calendar.Add(Wita.At(start), IsoDuration.Parse(duration))));
    }

    [Theory]
    [InlineData("2026-03-09 10:00", "P1D", "2026-03-10 10:00")]
    [InlineData("2026-03-13 10:00", "P1D", "2026-03-16 10:00")] // over the weekend
    [InlineData("2026-03-12 15:30", "P1D", "2026-03-13 14:00")] // Friday closes at 14:00: clamped to the close
    [InlineData("2026-03-12 11:15", "P1D", "2026-03-13 11:30")] // lands in Friday's break: moved to its end
    [InlineData("2026-03-13 07:00", "P1D", "2026-03-16 07:30")] // Friday opens earlier than Monday
    [InlineData("2026-03-17 10:00", "P1D", "2026-03-25 10:00")] // Nyepi 19, cuti bersama 18, 20, 23, 24, Idul Fitri 21–22
    [InlineData("2026-03-16 10:00", "P5D", "2026-03-30 10:00")] // five working days through the Nyepi holidays
    [InlineData("2026-03-09 10:00", "P5D", "2026-03-16 10:00")]
    [InlineData("2026-03-09 10:00", "P1W", "2026-03-16 10:00")]
    [InlineData("2026-03-09 12:30", "P1D", "2026-03-10 12:45")] // given in the break: starts at its end
    [InlineData("2026-03-08 10:00", "P1D", "2026-03-10 07:30")] // given on a Sunday: starts Monday 07:30
    [InlineData("2026-03-09 18:00", "P1D", "2026-03-11 07:30")] // given after close: starts Tuesday 07:30
    [InlineData("2026-03-09 15:00", "P1DT2H", "2026-03-11 08:30")] // the day first, then two working hours
    [InlineData("2026-02-26 16:00", "P1D", "2026-02-27 14:30")] // old schedule: Friday closes at 14:30
    [InlineData("2026-02-27 08:00", "P1D", "2026-03-02 08:00")] // from the old schedule into the new one
    [InlineData("2026-02-13 10:00", "P1D", "2026-02-18 10:00")] // cuti bersama 16 Feb and Imlek 17 Feb
    public void Add_Counts_Days_And_Weeks_In_Working_Days(string start, string duration, string expected)
    {
        Assert.Equal(expected, Wita.Format(Calendar.Add(Wita.At(start), IsoDuration.Parse(duration))));
    }

    [Theory]
    [InlineData("2026-03-09 11:50", "PT60M", "2026-03-09 12:50")]
    [InlineData("2026-03-13 10:00", "P1D", "2026-03-14 10:00")]
    [InlineData("2026-03-17 10:00", "P1W", "2026-03-24 10:00")]
    [InlineData("2026-01-31 10:00", "P1M", "2026-02-28 10:00")]
    [InlineData("2026-03-19 10:00", "P1Y", "2027-03-19 10:00")]
    [InlineData("2026-03-14 22:00", "PT5H", "2026-03-15 03:00")]
    [InlineData("2026-03-09 10:00", "P1DT2H", "2026-03-10 12:00")]
    public void Add_On_The_Calendar_Basis_Is_Wall_Clock_Arithmetic(string start, string duration, string expected)
    {
        Assert.Equal(expected, Wita.Format(Calendar.Add(Wita.At(start), IsoDuration.Parse(duration), TimeBasis.Calendar)));
    }

    [Fact]
    public void Add_Sixty_Working_Minutes_Skips_The_Lunch_Break()
    {
        var due = Calendar.Add(Wita.At("2026-03-16 11:50"), IsoDuration.Parse("PT60M"));

        Assert.Equal(new DateTimeOffset(2026, 3, 16, 13, 35, 0, Wita.Offset), due);
    }

    [Fact]
    public void Add_Accepts_Any_Offset_And_Answers_In_Wita()
    {
        var due = Calendar.Add(new DateTimeOffset(2026, 3, 16, 3, 50, 0, TimeSpan.Zero), IsoDuration.Parse("PT60M"));

        Assert.Equal(Wita.Offset, due.Offset);
        Assert.Equal(Wita.At("2026-03-16 13:35"), due);
    }

    [Theory]
    [InlineData("P1M")]
    [InlineData("P1Y")]
    [InlineData("P1Y2D")]
    public void Add_Refuses_Years_And_Months_In_Working_Time(string duration)
    {
        var error = Assert.Throws<ArgumentException>(() => Calendar.Add(Wita.At("2026-03-16 10:00"), IsoDuration.Parse(duration)));

        Assert.Contains(duration, error.Message, StringComparison.Ordinal);
        Assert.Contains("calendar basis", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-03-15 10:00", TimeBasis.Working)] // a Sunday
    [InlineData("2026-03-16 12:10", TimeBasis.Calendar)]
    public void Add_Of_Nothing_Returns_The_Start(string start, TimeBasis basis)
    {
        Assert.Equal(Wita.At(start), Calendar.Add(Wita.At(start), IsoDuration.Zero, basis));
    }

    [Fact]
    public void AddWorkingTime_Refuses_A_Negative_Time()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.AddWorkingTime(Wita.At("2026-03-16 10:00"), TimeSpan.FromMinutes(-1)));
    }

    [Theory]
    [InlineData("2026-03-09 07:30", "P5D", 0.8, TimeBasis.Working, "2026-03-12 15:00")] // 30 of 37.5 working hours
    [InlineData("2026-03-09 11:50", "PT60M", 0.8, TimeBasis.Working, "2026-03-09 13:23")] // 48 working minutes
    [InlineData("2026-03-12 15:30", "P1D", 1.0, TimeBasis.Working, "2026-03-13 14:00")] // 1 is the deadline itself
    [InlineData("2026-03-09 12:10", "PT60M", 0.0, TimeBasis.Working, "2026-03-09 12:10")]
    [InlineData("2026-03-09 10:00", "P1D", 0.5, TimeBasis.Calendar, "2026-03-09 22:00")]
    public void AddFraction_Places_The_Reminder_Within_The_Time_Standard(string start, string duration, double fraction, TimeBasis basis, string expected)
    {
        Assert.Equal(expected, Wita.Format(Calendar.AddFraction(Wita.At(start), IsoDuration.Parse(duration), fraction, basis)));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void AddFraction_Refuses_A_Fraction_Outside_Zero_To_One(double fraction)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.AddFraction(Wita.At("2026-03-16 10:00"), IsoDuration.Parse("PT60M"), fraction));
    }
}
