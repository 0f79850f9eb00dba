using System.Globalization;

namespace Kinerja.Host.Benchmarks;

/// <summary>
/// A process's CPU time to the nanosecond: the sum of its threads' run time in <c>/proc/PID/task/TID/schedstat</c>. The
/// process's own total (<c>/proc/PID/stat</c>, what <see cref="System.Diagnostics.Process.TotalProcessorTime"/> reads)
/// counts in 10 ms ticks, too coarse for a burst of 200 posts that takes some 70 ms of CPU. Threads that end inside a
/// window take their time with them; the host's threads live longer than a burst.
/// </summary>
internal static class ThreadCpu
{
    /// <summary>Run time per thread id, so that a window counts a thread started inside it from zero.</summary>
    public static Dictionary<int, long> Sample(int processId)
    {
        var sample = new Dictionary<int, long>();
        foreach (var task in Directory.EnumerateDirectories($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/task"))
        {
            try
            {
                var text = File.ReadAllText(Path.Combine(task, "schedstat"));
                sample[int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture)] = long.Parse(text.AsSpan(0, text.IndexOf(' ', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // the thread ended while the folder was read
            }
        }

        return sample;
    }

    /// <summary>CPU time the threads in <paramref name="after"/> (those of them in <paramref name="only"/>, if given) used since <paramref name="before"/>.</summary>
    public static TimeSpan Between(Dictionary<int, long> before, Dictionary<int, long> after, IReadOnlySet<int>? only = null) =>
        TimeSpan.FromTicks(after.Where(t => only is null || only.Contains(t.Key)).Sum(t => t.Value - before.GetValueOrDefault(t.Key)) / 100);

    /// <summary>The ids of the process's threads whose name (<c>comm</c>, 15 characters at most) starts with <paramref name="prefix"/>.</summary>
    public static HashSet<int> Named(int processId, string prefix)
    {
        var ids = new HashSet<int>();
        foreach (var task in Directory.EnumerateDirectories($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).StartsWith(prefix, StringComparison.Ordinal))
                {
                    ids.Add(int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture));
                }
            }
            catch (IOException)
            {
                // the thread ended while the folder was read
            }
        }

        return ids;
    }
}
