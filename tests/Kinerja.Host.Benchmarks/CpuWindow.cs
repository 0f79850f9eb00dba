using System.Diagnostics;
using System.Globalization;

namespace Kinerja.Host.Benchmarks;

/// <summary>
/// Where the machine's CPU went during a measured window: the host, this program, and everything else (other builds and
/// tests on a shared machine), from /proc/stat and the two processes' threads' run times (<see cref="ThreadCpu"/>, to the
/// nanosecond; the machine's total is in 10 ms ticks). Printed with the figures, so a run disturbed by other work shows it.
/// Also the time the hypervisor kept this machine's virtual CPUs waiting while it ran others (steal): the machine's
/// own share of disturbance, which no process here shows.
/// </summary>
internal sealed class CpuWindow
{
    private readonly HostProcess _host;
    private readonly long _busyStart;
    private readonly long _stealStart;
    private readonly Dictionary<int, long> _hostStart;
    private readonly Dictionary<int, long> _selfStart;
    private readonly Stopwatch _watch = Stopwatch.StartNew();

    public CpuWindow(HostProcess host)
    {
        _host = host;
        (_busyStart, _stealStart) = MachineTicks();
        _hostStart = ThreadCpu.Sample(host.ProcessId);
        _selfStart = ThreadCpu.Sample(Environment.ProcessId);
    }

    /// <param name="HostCompiling">Of <paramref name="Host"/>, the runtime's background compiler (tiered compilation
    /// promoting hot methods to optimised code): work a host that has run for long has finished.</param>
    /// <param name="BenchmarkCompiling">Of <paramref name="Benchmark"/>, the same: this program's own code still being
    /// optimised, which takes the cores from the host while the window lasts.</param>
    public sealed record Usage(TimeSpan Elapsed, TimeSpan Host, TimeSpan Benchmark, TimeSpan Others, TimeSpan Stolen, TimeSpan HostCompiling, TimeSpan BenchmarkCompiling)
    {
        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"over {Elapsed.TotalSeconds:0.0} s the 2 cores' CPU went to the host {Share(Host)}, this program {Share(Benchmark)}, other processes {Share(Others)}; stolen by the hypervisor {Stolen.TotalMilliseconds:0} ms");

        /// <summary>Two windows taken together (the rounds of a scenario).</summary>
        public static Usage operator +(Usage a, Usage b) =>
            new(a.Elapsed + b.Elapsed, a.Host + b.Host, a.Benchmark + b.Benchmark, a.Others + b.Others, a.Stolen + b.Stolen, a.HostCompiling + b.HostCompiling, a.BenchmarkCompiling + b.BenchmarkCompiling);

        private string Share(TimeSpan cpu) => string.Create(CultureInfo.InvariantCulture, $"{cpu.TotalSeconds:0.0} s ({cpu / (Elapsed * Environment.ProcessorCount):P0})");
    }

    public Usage Stop()
    {
        var elapsed = _watch.Elapsed;
        var (busyEnd, stealEnd) = MachineTicks();
        var busy = TimeSpan.FromSeconds((busyEnd - _busyStart) / 100.0); // USER_HZ
        var hostEnd = ThreadCpu.Sample(_host.ProcessId);
        var host = ThreadCpu.Between(_hostStart, hostEnd);
        var compiling = ThreadCpu.Between(_hostStart, hostEnd, ThreadCpu.Named(_host.ProcessId, ".NET Tiered"));
        var selfEnd = ThreadCpu.Sample(Environment.ProcessId);
        var self = ThreadCpu.Between(_selfStart, selfEnd);
        var selfCompiling = ThreadCpu.Between(_selfStart, selfEnd, ThreadCpu.Named(Environment.ProcessId, ".NET Tiered"));
        var others = busy - host - self;
        return new Usage(elapsed, host, self, others < TimeSpan.Zero ? TimeSpan.Zero : others, TimeSpan.FromSeconds((stealEnd - _stealStart) / 100.0), compiling, selfCompiling);
    }

    /// <summary>
    /// The first line of /proc/stat, in USER_HZ ticks: every CPU's busy time (all but idle, iowait and steal), and the time
    /// stolen (the eighth field).
    /// </summary>
    private static (long Busy, long Steal) MachineTicks()
    {
        try
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            var steal = fields.Length > 7 ? fields[7] : 0;
            return (fields.Sum() - fields[3] - fields[4] - steal, steal);
        }
        catch (IOException)
        {
            return (0, 0);
        }
    }
}
