using System.Diagnostics;
using System.Globalization;

namespace Kinerja.Host.Benchmarks;

/// <summary>
/// Where the machine's CPU went during a measured window: the host, this program, and everything else (other builds and
/// tests on a shared machine), from /proc/stat and the two processes' threads' run times (<see cref="ThreadCpu"/>, to the
/// nanosecond; the machine's total is in 10 ms ticks). Printed with the figures, so a run disturbed by other work shows it.
/// </summary>
internal sealed class CpuWindow
{
    private readonly HostProcess _host;
    private readonly long _busyStart;
    private readonly Dictionary<int, long> _hostStart;
    private readonly Dictionary<int, long> _selfStart;
    private readonly Stopwatch _watch = Stopwatch.StartNew();

    public CpuWindow(HostProcess host)
    {
        _host = host;
        _busyStart = BusyTicks();
        _hostStart = ThreadCpu.Sample(host.ProcessId);
        _selfStart = ThreadCpu.Sample(Environment.ProcessId);
    }

    public sealed record Usage(TimeSpan Elapsed, TimeSpan Host, TimeSpan Benchmark, TimeSpan Others)
    {
        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"over {Elapsed.TotalSeconds:0.0} s the 2 cores' CPU went to the host {Share(Host)}, this program {Share(Benchmark)}, other processes {Share(Others)}");

        /// <summary>Two windows taken together (the rounds of a scenario).</summary>
        public static Usage operator +(Usage a, Usage b) =>
            new(a.Elapsed + b.Elapsed, a.Host + b.Host, a.Benchmark + b.Benchmark, a.Others + b.Others);

        private string Share(TimeSpan cpu) => string.Create(CultureInfo.InvariantCulture, $"{cpu.TotalSeconds:0.0} s ({cpu / (Elapsed * Environment.ProcessorCount):P0})");
    }

    public Usage Stop()
    {
        var elapsed = _watch.Elapsed;
        var busy = TimeSpan.FromSeconds((BusyTicks() - _busyStart) / 100.0); // USER_HZ
        var host = ThreadCpu.Between(_hostStart, ThreadCpu.Sample(_host.ProcessId));
        var self = ThreadCpu.Between(_selfStart, ThreadCpu.Sample(Environment.ProcessId));
        var others = busy - host - self;
        return new Usage(elapsed, host, self, others < TimeSpan.Zero ? TimeSpan.Zero : others);
    }

    /// <summary>The first line of /proc/stat: every CPU's busy time (all but idle and iowait), in USER_HZ ticks.</summary>
    private static long BusyTicks()
    {
        try
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            return fields.Sum() - fields[3] - fields[4];
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
