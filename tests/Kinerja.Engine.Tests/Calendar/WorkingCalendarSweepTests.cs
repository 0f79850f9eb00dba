using Kinerja.Engine.Calendar;

namespace Kinerja.Engine.Tests.Calendar;

/// <summary>
/// The seed SOP's four time standards from 10,000 start instants seven minutes apart (inside and outside working
/// hours, across weekends and the 2026 holidays). How fast this is, is the calendar benchmark's business
/// (<c>Kinerja.Benchmarks --calendar</c>); here each answer is checked against the calendar's own measure.
/// </summary>
public sealed class WorkingCalendarSweepTests
{
    private static readonly DateTimeOffset First = Wita.At("2026-03-02 07:00");
    private static readonly IEnumerable<DateTimeOffset> Starts = Enumerable.Range(0, 10_000).Select(i => First.AddMinutes(i * 7));

    [Theory]
    [InlineData("PT5M")]
    [InlineData("PT60M")]
    public void AnHourBasedStandard_EndsWhenExactlyThatMuchWorkingTimeHasPassed(string text)
    {
        var calendar = Wita.Buleleng;
        var duration = IsoDuration.Parse(text);
        var expected = text == "PT5M" ? TimeSpan.FromMinutes(5) : TimeSpan.FromMinutes(60);

        foreach (var start in Starts)
        {
            var due = calendar.Add(start, duration);
            Assert.True(calendar.MeasureWorkingTime(start, due) == expected, $"{Wita.Format(start)} + {text} = {Wita.Format(due)}");
            Assert.True(calendar.MeasureWorkingTime(start, due.AddTicks(-1)) < expected, $"{Wita.Format(start)} + {text}: {Wita.Format(due)} is not the earliest");
        }
    }

    [Theory]
    [InlineData("PT5M")]
    [InlineData("PT60M")]
    [InlineData("P5D")]
    [InlineData("P1D")]
    public void TheReminderAt80Percent_ComesAfterFourFifthsOfTheWorkingTimeToTheDeadline(string text)
    {
        var calendar = Wita.Buleleng;
        var duration = IsoDuration.Parse(text);

        foreach (var start in Starts)
        {
            var due = calendar.Add(start, duration);
            var reminder = calendar.AddFraction(start, duration, 0.8);
            var toDue = calendar.MeasureWorkingTime(start, due);
            var toReminder = calendar.MeasureWorkingTime(start, reminder);

            Assert.True(start <= reminder && reminder < due, $"{Wita.Format(start)} + {text}: reminder {Wita.Format(reminder)}, due {Wita.Format(due)}");
            Assert.True(Math.Abs(toReminder.Ticks - (toDue.Ticks * 0.8)) <= 1, $"{Wita.Format(start)} + {text}: {toReminder} of {toDue} before the reminder");
            Assert.True(calendar.IsWorkingTime(reminder) || calendar.MeasureWorkingTime(start, reminder.AddTicks(-1)) < toReminder, $"{Wita.Format(start)} + {text}: {Wita.Format(reminder)} is not the earliest");
        }
    }

    [Theory]
    [InlineData("P5D", 5)]
    [InlineData("P1D", 1)]
    public void ADayBasedStandard_EndsOnTheNthWorkingDay_AtTheSameTimeOfDayWhenThatIsWorkingTime(string text, int days)
    {
        var calendar = Wita.Buleleng;
        var duration = IsoDuration.Parse(text);

        foreach (var start in Starts)
        {
            // A start outside working time counts from the next working instant.
            var from = calendar.NextWorkingInstant(start).ToOffset(Wita.Offset);
            var due = calendar.Add(start, duration).ToOffset(Wita.Offset);
            var dueDate = DateOnly.FromDateTime(due.DateTime);
            var sameTime = new DateTimeOffset(dueDate.ToDateTime(TimeOnly.FromTimeSpan(from.TimeOfDay)), Wita.Offset);

            Assert.True(calendar.IsWorkingDay(dueDate), $"{Wita.Format(start)} + {text} = {Wita.Format(due)}, not a working day");
            Assert.Equal(days, CountWorkingDays(calendar, DateOnly.FromDateTime(from.DateTime), dueDate));
            if (calendar.IsWorkingTime(sameTime))
            {
                Assert.Equal(sameTime, due);
            }
        }
    }

    /// <summary>Working days after <paramref name="from"/> up to and including <paramref name="to"/>.</summary>
    private static int CountWorkingDays(WorkingCalendar calendar, DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var day = from.AddDays(1); day <= to; day = day.AddDays(1))
        {
            count += calendar.IsWorkingDay(day) ? 1 : 0;
        }

        return count;
    }
}
