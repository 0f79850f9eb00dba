using System.Diagnostics;
using Kinerja.Engine;

namespace Kinerja.Benchmarks;

internal sealed record CommandRunResult(
    int Instances,
    int Clients,
    TimeSpan Elapsed,
    Latencies Commands,
    Latencies Starts,
    Latencies Completions,
    Latencies Lookups,
    long AllocatedBytes,
    int Gen0Collections,
    int Gen1Collections,
    int Gen2Collections,
    TimeSpan ProcessorTime)
{
    /// <summary>CPU used by the whole process, as a share of all cores over the elapsed time.</summary>
    public double CpuShare => ProcessorTime / (Elapsed * Environment.ProcessorCount);

    public long CommandCount => Commands.Count;
    public double CommandsPerSecond => CommandCount / Elapsed.TotalSeconds;
}

/// <summary>
/// Concurrent clients, each taking the next instance number and driving that instance through the
/// four-step process: start, then complete each of its four tasks in turn (5 commands per instance).
/// Between two completions the client reads the instance to learn its next task, as a host's page would;
/// that read is timed apart and is not a command.
/// </summary>
internal static class CommandRun
{
    private static readonly string[] Actors = ["kabag", "kasubbag", "pengelola-1", "pengelola-2"];

    public static async Task<CommandRunResult> RunAsync(WorkflowEngine engine, int instances, int clients, string businessKeyPrefix)
    {
        var next = 0;
        var results = new (Latencies Starts, Latencies Completions, Latencies Lookups)[clients];
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var (gen0, gen1, gen2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();

        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var starts = new Latencies();
            var completions = new Latencies(4096);
            var lookups = new Latencies(4096);
            for (var n = Interlocked.Increment(ref next); n <= instances; n = Interlocked.Increment(ref next))
            {
                var at = Stopwatch.GetTimestamp();
                var instance = await engine.StartAsync(BenchmarkProcesses.FourStepsKey, businessKey: $"{businessKeyPrefix}-{n}", startedBy: "kabag");
                starts.Add(Latencies.Since(at));
                var taskId = instance.Tasks.Single().Id;
                for (var step = 0; step < 4; step++)
                {
                    at = Stopwatch.GetTimestamp();
                    await engine.CompleteTaskAsync(taskId, Actors[step]);
                    completions.Add(Latencies.Since(at));
                    if (step < 3)
                    {
                        at = Stopwatch.GetTimestamp();
                        var state = await engine.GetInstanceAsync(instance.Id);
                        lookups.Add(Latencies.Since(at));
                        taskId = state.Tasks.Single().Id;
                    }
                }
            }

            results[client] = (starts, completions, lookups);
        })));

        var elapsed = Stopwatch.GetElapsedTime(started);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var all = new Latencies(instances * 5);
        var allStarts = new Latencies(instances);
        var allCompletions = new Latencies(instances * 4);
        var allLookups = new Latencies(instances * 3);
        foreach (var (starts, completions, lookups) in results)
        {
            all.AddRange(starts);
            all.AddRange(completions);
            allStarts.AddRange(starts);
            allCompletions.AddRange(completions);
            allLookups.AddRange(lookups);
        }

        return new CommandRunResult(
            instances, clients, elapsed, all, allStarts, allCompletions, allLookups,
            GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore,
            GC.CollectionCount(0) - gen0, GC.CollectionCount(1) - gen1, GC.CollectionCount(2) - gen2, cpu);
    }
}
