using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Kinerja.Engine.Calendar;

namespace Kinerja.Benchmarks;

/// <summary>One time standard's figures: the mean time of an operation, and the p99 over batches of them.</summary>
internal sealed record CalendarFigures(string TimeStandard, double AddMeanUs, double AddP99Us, double ReminderMeanUs, double ReminderP99Us);

/// <summary>
/// What every new task costs in working time (<c>--calendar N</c>): its deadline (<see cref="WorkingCalendar.Add"/>) and
/// its reminder at 80 % (<see cref="WorkingCalendar.AddFraction"/>) on the Buleleng calendar, for each of the seed SOP's
/// four time standards, from N start instants seven minutes apart (inside and outside working hours, across weekends and
/// the 2026 holidays). Each operation is timed in batches of <see cref="Batch"/>, after three untimed passes over all of them.
/// </summary>
internal static class CalendarRun
{
    private const int Batch = 100;
    private static readonly string[] TimeStandards = ["PT5M", "PT60M", "P5D", "P1D"];
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<CalendarFigures> Run(int starts)
    {
        var calendar = BulelengCalendar.Create();
        var first = new DateTimeOffset(2026, 1, 5, 7, 0, 0, TimeSpan.FromHours(8));
        var instants = Enumerable.Range(0, starts).Select(i => first.AddMinutes(i * 7)).ToArray();
        var durations = TimeStandards.Select(IsoDuration.Parse).ToArray();
        for (var pass = 0; pass < 3; pass++)
        {
            // Untimed: every path compiled and optimized (the runtime's tiers) before any is timed.
            foreach (var duration in durations)
            {
                Time(instants, start => calendar.Add(start, duration));
                Time(instants, start => calendar.AddFraction(start, duration, 0.8));
            }
        }

        var figures = new List<CalendarFigures>();
        foreach (var (text, duration) in TimeStandards.Zip(durations))
        {
            var add = Time(instants, start => calendar.Add(start, duration));
            var reminder = Time(instants, start => calendar.AddFraction(start, duration, 0.8));
            figures.Add(new CalendarFigures(text, add.Mean, add.Percentile(99), reminder.Mean, reminder.Percentile(99)));
        }

        return figures;
    }

    public static void Print(int starts, IReadOnlyList<CalendarFigures> figures)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"calendar: {starts} start instants 7 min apart from 2026-01-05 07:00 WITA, Buleleng calendar; µs per operation, mean / p99 of batches of {Batch}"));
        Console.WriteLine("time standard   deadline (Add)      reminder at 80 % (AddFraction)");
        foreach (var f in figures)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{f.TimeStandard,-15} {f.AddMeanUs,6:0.00} / {f.AddP99Us,6:0.00}     {f.ReminderMeanUs,6:0.00} / {f.ReminderP99Us,6:0.00}"));
        }

        Console.WriteLine(JsonSerializer.Serialize(new { calendarStarts = starts, calendar = figures }, Json));
    }

    /// <returns>Microseconds per operation, one value per batch.</returns>
    private static Latencies Time(DateTimeOffset[] instants, Func<DateTimeOffset, DateTimeOffset> operation)
    {
        var perOperation = new Latencies((instants.Length / Batch) + 1);
        var sink = 0L;
        for (var at = 0; at < instants.Length; at += Batch)
        {
            var end = Math.Min(at + Batch, instants.Length);
            var started = Stopwatch.GetTimestamp();
            for (var i = at; i < end; i++)
            {
                sink += operation(instants[i]).UtcTicks;
            }

            perOperation.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds / (end - at));
        }

        GC.KeepAlive(sink);
        return perOperation;
    }
}
