using CsCheck;
using Kinerja.Engine.Calendar;

namespace Kinerja.Engine.Tests.Calendar;

public class WorkingCalendarPropertyTests
{
    private const long Iterations = 1000;

    private static readonly WorkingCalendar Calendar = Wita.Buleleng;

    // Any instant of 2026, at any offset, to the second.
    private static readonly Gen<DateTimeOffset> Instants =
        from seconds in Gen.Long[0, 365L * 24 * 3600]
        from offsetHours in Gen.Int[-11, 14]
        select new DateTimeOffset(2026, 1, 1, 0, 0, 0, Wita.Offset).AddSeconds(seconds).ToOffset(TimeSpan.FromHours(offsetHours));

    // Up to three weeks of working time (3 × 37.5 h), to the second.
    private static readonly Gen<TimeSpan> WorkingTimes =
        Gen.OneOf(Gen.Int[1, 480].Select(m => TimeSpan.FromMinutes(m)), Gen.Long[1, 3 * 135_000].Select(s => TimeSpan.FromSeconds(s)));

    [Fact]
    public void Measuring_What_Was_Added_Gives_The_Same_Working_Time()
    {
        Gen.Select(Instants, WorkingTimes).Sample((start, workingTime) =>
            Assert.Equal(workingTime, Calendar.MeasureWorkingTime(start, Calendar.AddWorkingTime(start, workingTime))), iter: Iterations);
    }

    [Fact]
    public void Added_Working_Time_Ends_Inside_Office_Hours_Or_At_A_Period_End()
    {
        Gen.Select(Instants, WorkingTimes).Sample((start, workingTime) =>
        {
            var due = Calendar.AddWorkingTime(start, workingTime);
            Assert.True(
                Calendar.IsWorkingTime(due) || Calendar.IsWorkingTime(due.AddTicks(-1)),
                $"{due:O} is neither working time nor the end of a period");
        }, iter: Iterations);
    }

    [Fact]
    public void A_Longer_Working_Time_Is_Never_Due_Earlier()
    {
        Gen.Select(Instants, WorkingTimes, WorkingTimes).Sample((start, a, b) =>
        {
            var (shorter, longer) = a <= b ? (a, b) : (b, a);
            Assert.True(Calendar.AddWorkingTime(start, shorter) <= Calendar.AddWorkingTime(start, longer));
        }, iter: Iterations);
    }

    [Fact]
    public void More_Days_And_Minutes_Are_Never_Due_Earlier()
    {
        var durations = Gen.Select(Gen.Int[0, 15], Gen.Int[0, 600]);
        Gen.Select(Instants, durations, durations).Sample((start, a, b) =>
        {
            var shorter = IsoDuration.Create(days: Math.Min(a.Item1, b.Item1), time: TimeSpan.FromMinutes(Math.Min(a.Item2, b.Item2)));
            var longer = IsoDuration.Create(days: Math.Max(a.Item1, b.Item1), time: TimeSpan.FromMinutes(Math.Max(a.Item2, b.Item2)));
            Assert.True(Calendar.Add(start, shorter) <= Calendar.Add(start, longer), $"{shorter} is due after {longer}");
        }, iter: Iterations);
    }

    [Fact]
    public void One_Day_Twice_Is_Two_Days_When_Nothing_Is_Clamped()
    {
        var oneDay = IsoDuration.Parse("P1D");
        Instants.Where(Calendar.IsWorkingTime).Sample(start =>
        {
            var timeOfDay = Calendar.ToCalendarTime(start).TimeOfDay;
            var once = Calendar.Add(start, oneDay);
            var twice = Calendar.Add(once, oneDay);
            if (once.TimeOfDay == timeOfDay && twice.TimeOfDay == timeOfDay)
            {
                Assert.Equal(Calendar.Add(start, IsoDuration.Parse("P2D")), twice);
            }
        }, iter: Iterations);
    }

    [Fact]
    public void A_Day_Lands_On_A_Later_Working_Day()
    {
        Gen.Select(Instants, Gen.Int[1, 20]).Sample((start, days) =>
        {
            var due = Calendar.Add(start, IsoDuration.FromDays(days));
            var dueDate = DateOnly.FromDateTime(due.DateTime);
            Assert.True(Calendar.IsWorkingDay(dueDate));
            Assert.True(dueDate > DateOnly.FromDateTime(Calendar.NextWorkingInstant(start).DateTime));
        }, iter: Iterations);
    }

    [Fact]
    public void The_Next_Working_Instant_Is_Working_Time_With_None_Before_It()
    {
        Instants.Sample(instant =>
        {
            var next = Calendar.NextWorkingInstant(instant);
            Assert.True(next >= instant);
            Assert.True(Calendar.IsWorkingTime(next));
            Assert.Equal(TimeSpan.Zero, Calendar.MeasureWorkingTime(instant, next));
        }, iter: Iterations);
    }

    [Fact]
    public void A_Reminder_Falls_Between_The_Start_And_The_Deadline()
    {
        var durations = Gen.Select(Gen.Int[0, 10], Gen.Int[0, 600], Gen.Bool)
            .Where(d => d.Item1 + d.Item2 > 0)
            .Select(d => (Duration: IsoDuration.Create(days: d.Item1, time: TimeSpan.FromMinutes(d.Item2)), Basis: d.Item3 ? TimeBasis.Working : TimeBasis.Calendar));
        Gen.Select(Instants, durations, Gen.Double[0, 1]).Sample((start, d, fraction) =>
        {
            var reminder = Calendar.AddFraction(start, d.Duration, fraction, d.Basis);
            Assert.True(reminder >= start);
            Assert.True(reminder <= Calendar.Add(start, d.Duration, d.Basis));
        }, iter: Iterations);
    }
}
