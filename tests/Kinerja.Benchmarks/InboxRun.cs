using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Kinerja.Engine;
using Kinerja.Engine.Storage;

namespace Kinerja.Benchmarks;

internal sealed record InboxFillResult(int Tasks, int Clients, TimeSpan Elapsed)
{
    public double StartsPerSecond => Tasks / Elapsed.TotalSeconds;
}

internal sealed record InboxQueryKind(string Name, Latencies Latencies, double MeanTotal);

internal sealed record InboxQueryResult(IReadOnlyList<InboxQueryKind> Kinds, Latencies All);

/// <summary>
/// Fills the store with open tasks made by the engine (one instance of the inbox process each), spread
/// over 45 groups, 200 assignees and due dates from two months ago to four months ahead, then times the
/// inbox queries a host makes: page 1 of 50 with its total, by assignee, by group, by a user's groups,
/// and overdue.
/// </summary>
internal static class InboxRun
{
    public const int GroupCount = 45;
    public const int AssigneeCount = 200;

    /// <summary>The share of tasks already given to one person; the rest wait, unassigned, for their group.</summary>
    private const double AssignedShare = 0.4;

    private static readonly TimeSpan Makassar = TimeSpan.FromHours(8);

    public static string Group(int i) => i < 42 ? $"skpd-{i + 1:00}" : (i - 42) switch { 0 => "kabag", 1 => "kasubbag", _ => "pengelola" };

    public static string Assignee(int i) => $"pegawai-{i + 1:000}";

    public static async Task<InboxFillResult> FillAsync(WorkflowEngine engine, int tasks, int clients, int seed)
    {
        var random = new Random(seed);
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(Makassar).DateTime);
        var plan = Enumerable.Range(0, tasks).Select(_ => new Dictionary<string, JsonNode?>
        {
            ["group"] = Group(random.Next(GroupCount)),
            ["assignee"] = random.NextDouble() < AssignedShare ? Assignee(random.Next(AssigneeCount)) : string.Empty,
            ["due"] = today.AddDays(random.Next(-60, 121)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        }).ToArray();

        var next = -1;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < tasks; i = Interlocked.Increment(ref next))
            {
                await engine.StartAsync(BenchmarkProcesses.InboxKey, plan[i], businessKey: $"inbox-{i}", startedBy: "kasubbag");
            }
        })));
        return new InboxFillResult(tasks, clients, Stopwatch.GetElapsedTime(started));
    }

    public static async Task<InboxQueryResult> QueryAsync(WorkflowEngine engine, int queriesPerKind, int seed)
    {
        var random = new Random(seed);
        var kinds = new (string Name, Func<TaskQuery> Query)[]
        {
            ("by assignee", () => new TaskQuery { Assignee = Assignee(random.Next(AssigneeCount)) }),
            ("by candidate group (unassigned)", () => new TaskQuery { CandidateGroups = [Group(random.Next(GroupCount))] }),
            ("by a user's 3 groups (unassigned)", () => new TaskQuery
            {
                CandidateGroups = [.. Enumerable.Range(0, 3).Select(_ => Group(random.Next(GroupCount))).Distinct()],
            }),
            ("overdue (DueBefore now)", () => new TaskQuery { DueBefore = DateTimeOffset.UtcNow }),
        };

        // Warm up: compile each query shape once.
        foreach (var (_, query) in kinds)
        {
            for (var i = 0; i < 5; i++)
            {
                await engine.QueryTasksAsync(query() with { Take = 50 });
            }
        }

        var latencies = kinds.Select(_ => new Latencies(queriesPerKind)).ToArray();
        var totals = new long[kinds.Length];
        for (var round = 0; round < queriesPerKind; round++)
        {
            for (var k = 0; k < kinds.Length; k++)
            {
                var query = kinds[k].Query() with { Skip = 0, Take = 50 };
                var at = Stopwatch.GetTimestamp();
                var page = await engine.QueryTasksAsync(query);
                latencies[k].Add(Latencies.Since(at));
                totals[k] += page.Total;
                if (page.Items.Count != Math.Min(50, page.Total))
                {
                    throw new InvalidOperationException($"The inbox query '{kinds[k].Name}' returned {page.Items.Count} items of {page.Total}.");
                }
            }
        }

        var all = new Latencies(queriesPerKind * kinds.Length);
        foreach (var kind in latencies)
        {
            all.AddRange(kind);
        }

        return new InboxQueryResult(
            kinds.Select((k, i) => new InboxQueryKind(k.Name, latencies[i], totals[i] / (double)queriesPerKind)).ToList(),
            all);
    }
}
