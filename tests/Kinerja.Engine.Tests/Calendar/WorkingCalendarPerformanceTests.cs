using System.Diagnostics;
using Kinerja.Engine.Calendar;

namespace Kinerja.Engine.Tests.Calendar;

public class WorkingCalendarPerformanceTests
{
    [Fact]
    public void Ten_Thousand_Deadlines_And_Reminders_Take_Well_Under_A_Second()
    {
        // About a microsecond each on a developer machine; the bound leaves a hundredfold margin for slow CI.
        var calendar = Wita.Buleleng;
        IsoDuration[] durations = [IsoDuration.Parse("PT5M"), IsoDuration.Parse("PT60M"), IsoDuration.Parse("P5D"), IsoDuration.Parse("P1D")];
        var start = Wita.At("2026-03-02 07:00");
        calendar.AddFraction(start, durations[2], 0.8);

        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 10_000; i++)
        {
            var given = start.AddMinutes(i * 7);
            var duration = durations[i % durations.Length];
            calendar.Add(given, duration);
            calendar.AddFraction(given, duration, 0.8);
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"took {watch.Elapsed.TotalMilliseconds} ms");
    }
}
