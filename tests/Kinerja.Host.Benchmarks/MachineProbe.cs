using System.Diagnostics;

namespace Kinerja.Host.Benchmarks;

/// <summary>
/// How fast this machine is right now: a fixed piece of single-threaded work (sorting a shuffled array, filling and
/// reading a dictionary of strings) timed just before a round, while the host is idle. The host's CPU per post moves by
/// up to half between rounds of one build; if the probe moves with it, the machine changed speed, not the host's work.
/// </summary>
internal static class MachineProbe
{
    private const int Size = 4096;
    private const int Repetitions = 15;

    private static readonly int[] Shuffled = Shuffle(Size);
    private static readonly string[] Keys = Enumerable.Range(0, Size).Select(i => $"kunci-{i * 7919}").ToArray();

    /// <summary>Where each run's result goes, so that none of the work can be left out by the compiler.</summary>
    private static int _sink;

    /// <summary>
    /// Runs the work until the runtime has compiled it optimised (and the library code it calls), so that the first rounds'
    /// figures are not those of unoptimised code: counted calls, then a pause for the background compilation, three times.
    /// </summary>
    public static void WarmUp()
    {
        for (var pass = 0; pass < 3; pass++)
        {
            for (var i = 0; i < 60; i++)
            {
                RunOnce();
            }

            Thread.Sleep(300);
        }
    }

    /// <summary>Microseconds for one unit of the work: the median of <see cref="Repetitions"/> runs.</summary>
    public static double MeasureMicroseconds()
    {
        RunOnce();
        var times = new double[Repetitions];
        for (var i = 0; i < Repetitions; i++)
        {
            var started = Stopwatch.GetTimestamp();
            RunOnce();
            times[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }

        Array.Sort(times);
        return times[Repetitions / 2];
    }

    private static void RunOnce()
    {
        var array = (int[])Shuffled.Clone();
        Array.Sort(array);
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Keys.Length; i++)
        {
            map[Keys[i]] = array[i];
        }

        var sum = 0;
        foreach (var key in Keys)
        {
            sum += map[key];
        }

        _sink += sum;
    }

    private static int[] Shuffle(int size)
    {
        var random = new Random(13);
        var values = Enumerable.Range(0, size).ToArray();
        random.Shuffle(values);
        return values;
    }
}
