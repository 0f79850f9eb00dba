using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace Kinerja.Benchmarks;

/// <summary>The human table, the targets from the issue, and the one JSON line that closes the output.</summary>
internal static class Report
{
    private const double TargetCommandsPerSecond = 3500;
    private const double TargetShareOfCeiling = 0.30;
    private const double TargetP99Ms = 5;
    private const double TargetInboxP99Ms = 50;

    public static void Print(BenchmarkFigures f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var c = f.Commands;
        var ceiling = f.Ceiling.TransactionsPerSecond;
        var ratio = c.CommandsPerSecond / ceiling;
        var rows = new List<(string Name, string Value)>
        {
            ("process", "start → 4 user tasks in a row → end (Processes.FourSteps)"),
            ("instances", $"{c.Instances} (after {f.Options.WarmUpInstances} warm-up instances)"),
            ("clients", $"{c.Clients} concurrent async clients"),
            ("commands", $"{c.CommandCount} (start + 4 completions per instance)"),
            ("elapsed", $"{c.Elapsed.TotalSeconds:0.00} s"),
            ("commands/s", $"{c.CommandsPerSecond:0}"),
            ("latency p50 / p90 / p99 / max", $"{Ms(c.Commands.Percentile(50))} / {Ms(c.Commands.Percentile(90))} / {Ms(c.Commands.Percentile(99))} / {Ms(c.Commands.Max)} ms"),
            ("start p50 / p99", $"{Ms(c.Starts.Percentile(50))} / {Ms(c.Starts.Percentile(99))} ms"),
            ("complete p50 / p99", $"{Ms(c.Completions.Percentile(50))} / {Ms(c.Completions.Percentile(99))} ms"),
            ("next-task read between completions p50 / p99", $"{Ms(c.Lookups.Percentile(50))} / {Ms(c.Lookups.Percentile(99))} ms (not a command; in the elapsed time)"),
            ("process CPU", $"{c.ProcessorTime.TotalSeconds:0.0} s = {c.CpuShare:P0} of {Environment.ProcessorCount} cores, {c.ProcessorTime.TotalMilliseconds / c.CommandCount:0.00} ms per command"),
            ("SQLite ceiling (sequential 1-row tx)", $"{ceiling:0} tx/s ({f.CeilingBefore.TransactionsPerSecond:0} before the run, {f.CeilingAfter.TransactionsPerSecond:0} after; {f.Ceiling.Transactions} tx in {f.Ceiling.Elapsed.TotalSeconds:0.0} s)"),
        };
        if (f.ConcurrentCeiling is { } concurrent)
        {
            rows.Add(($"SQLite, {concurrent.Clients} connections writing at once", $"{concurrent.TransactionsPerSecond:0} tx/s"));
        }

        rows.AddRange(
        [
            ("commands/s ÷ ceiling", $"{ratio:0.000} ({ratio:P1})"),
            ("synchronous", $"{f.Options.Synchronous} (store connection reads back journal_mode={f.JournalMode}, synchronous={f.SynchronousReadBack})"),
        ]);

        if (f.InboxFill is { } fill && f.Inbox is { } inbox)
        {
            rows.Add(("inbox open tasks", $"{fill.Tasks} over {InboxRun.GroupCount} groups, {InboxRun.AssigneeCount} assignees; filled at {fill.StartsPerSecond:0} starts/s ({fill.Clients} clients, {fill.Elapsed.TotalSeconds:0} s)"));
            foreach (var kind in inbox.Kinds)
            {
                rows.Add(($"inbox {kind.Name}", $"p50 {Ms(kind.Latencies.Percentile(50))} / p99 {Ms(kind.Latencies.Percentile(99))} / max {Ms(kind.Latencies.Max)} ms (mean total {kind.MeanTotal:0})"));
            }

            rows.Add(("inbox p99 (all kinds, page 1 of 50 + total)", $"{Ms(inbox.All.Percentile(99))} ms over {inbox.All.Count} queries"));
        }

        if (f.Peer is { } peer)
        {
            rows.Add(peer.Figures is { } p
                ? ($"peer: {p["engine"]} {p["version"]} (Node {p["node"]}, in memory, not durable)", $"{p["commandsPerSecond"]} commands/s, p50 {p["p50Ms"]} / p99 {p["p99Ms"]} ms; {p.ToJsonString()}")
                : ("peer: bpmn-engine", $"not measured: {peer.NotMeasuredBecause}"));
        }

        rows.Add(("machine", Machine()));

        Console.WriteLine();
        Console.WriteLine("| measure | value |");
        Console.WriteLine("|---|---|");
        foreach (var (name, value) in rows)
        {
            Console.WriteLine($"| {name} | {value} |");
        }

        Console.WriteLine();
        Console.WriteLine("targets (issue 4):");
        Target($"≥ {TargetCommandsPerSecond:0} commands/s durable", c.CommandsPerSecond >= TargetCommandsPerSecond, $"{c.CommandsPerSecond:0}");
        Target($"≥ {TargetShareOfCeiling:P0} of the SQLite ceiling", ratio >= TargetShareOfCeiling, $"{ratio:P1}");
        Target($"p99 < {TargetP99Ms:0} ms", c.Commands.Percentile(99) < TargetP99Ms, $"{Ms(c.Commands.Percentile(99))} ms");
        if (f.Inbox is { } measured)
        {
            Target($"inbox p99 < {TargetInboxP99Ms:0} ms with {f.InboxFill!.Tasks} open tasks", measured.All.Percentile(99) < TargetInboxP99Ms, $"{Ms(measured.All.Percentile(99))} ms");
        }

        var json = new JsonObject
        {
            ["instances"] = c.Instances,
            ["commandsPerSecond"] = Math.Round(c.CommandsPerSecond, 1),
            ["p50Ms"] = Math.Round(c.Commands.Percentile(50), 3),
            ["p99Ms"] = Math.Round(c.Commands.Percentile(99), 3),
            ["sqliteCeilingTxPerSecond"] = Math.Round(ceiling, 1),
            ["synchronous"] = f.Options.Synchronous,
        };
        if (f.Inbox is { } i)
        {
            json["inboxP99Ms"] = Math.Round(i.All.Percentile(99), 3);
        }

        if (f.Peer?.Figures is { } peerFigures)
        {
            json["peer"] = peerFigures.DeepClone();
        }

        Console.WriteLine(json.ToJsonString());
    }

    public static string Ms(double milliseconds) => milliseconds.ToString(milliseconds < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture);

    public static string Machine()
    {
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores, {CpuModel()}, {memory:0.0} GiB, {OsName()}, {RuntimeInformation.FrameworkDescription}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC");
    }

    private static void Target(string name, bool met, string measured) =>
        Console.WriteLine($"  [{(met ? "met" : "NOT met")}] {name}: {measured}");

    private static string CpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
                ?? RuntimeInformation.ProcessArchitecture.ToString();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }

    private static string OsName()
    {
        try
        {
            var pretty = File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal));
            return pretty is null ? RuntimeInformation.OSDescription : $"{pretty["PRETTY_NAME=".Length..].Trim('"')}, kernel {Environment.OSVersion.Version}";
        }
        catch (IOException)
        {
            return RuntimeInformation.OSDescription;
        }
    }
}
