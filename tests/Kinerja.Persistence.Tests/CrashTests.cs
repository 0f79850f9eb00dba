using System.Diagnostics;
using Kinerja.Engine.Execution;
using Kinerja.Engine.History;
using Kinerja.Engine.Storage;
using Kinerja.Engine.Tasks;
using Kinerja.Persistence.Records;
using Kinerja.Persistence.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Kinerja.Persistence.Tests;

/// <summary>
/// A child process runs commands against a SQLite file and prints each one it has acknowledged; the test
/// kills it with SIGKILL mid-load, reopens the file and checks that every acknowledged command is there,
/// none is half-applied, and the engine goes on.
/// </summary>
public sealed class CrashTests(ITestOutputHelper output)
{
    private static readonly string[] Steps = ["t1", "t2", "t3", "t4"];

    private readonly ITestOutputHelper _output = output;

    [Theory]
    [InlineData(150, 1)]
    [InlineData(400, 2)]
    public async Task AfterSigkill_EveryAcknowledgedCommandIsThere_NoneHalfApplied_AndTheEngineGoesOn(int acksBeforeKill, int seed)
    {
        var clock = Stopwatch.StartNew();
        var folder = Path.Combine(Path.GetTempPath(), "kinerja-tests", $"crash-{Guid.NewGuid():N}");
        try
        {
            IReadOnlyList<Ack> acks;
            await using (var worker = CrashWorkerProcess.Start(Path.Combine(folder, "kinerja.db"), seed))
            {
                await worker.WaitForAcksAsync(acksBeforeKill, TimeSpan.FromSeconds(20));
                Assert.False(worker.HasExited, $"The worker ended before it was killed:\n{worker.Stderr}");
                var exitCode = await worker.KillAsync();
                Assert.Equal(128 + 9, exitCode); // Process.Kill sends SIGKILL (9) on Linux; .NET reports a signal death as 128 + signal
                Assert.Empty(worker.UnreadableLines);
                acks = worker.Acks;
            }

            _output.WriteLine($"killed after {acks.Count} acknowledged commands ({clock.Elapsed.TotalSeconds:F1} s)");

            await using var sqlite = await StoreEngine.CreateAsync(folder: folder);
            var rows = await Rows.ReadAsync(sqlite);
            var applied = rows.Instances.Count + rows.Tasks.Count(t => t.Status == nameof(HumanTaskStatus.Completed));
            _output.WriteLine($"the file holds {applied} commands ({rows.Instances.Count} starts), {rows.History.Count} history lines");

            AssertEveryAcknowledgedCommandIsThere(acks, rows);
            AssertNoneHalfApplied(rows);
            Assert.True(acks.OfType<StartAck>().Any() && acks.OfType<CompleteAck>().Any(), $"The worker acknowledged too little to check: {acks.Count} commands.");
            await AssertTheEngineGoesOnAsync(sqlite, acks, rows);
            AssertNoneHalfApplied(await Rows.ReadAsync(sqlite));
            _output.WriteLine($"done in {clock.Elapsed.TotalSeconds:F1} s");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static void AssertEveryAcknowledgedCommandIsThere(IReadOnlyList<Ack> acks, Rows rows)
    {
        var lost = new List<string>();
        foreach (var ack in acks)
        {
            switch (ack)
            {
                case StartAck start:
                    if (!rows.InstancesById.TryGetValue(start.InstanceId.ToString("D"), out var instance))
                    {
                        lost.Add($"{start}: no such instance");
                    }
                    else if (instance.BusinessKey != start.BusinessKey)
                    {
                        lost.Add($"{start}: the instance has business key '{instance.BusinessKey}'");
                    }

                    break;

                case CompleteAck complete:
                    var task = rows.Tasks.Find(t => t.Id == complete.TaskId);
                    var completions = rows.History.Count(h => h.Kind == nameof(HistoryKind.TaskCompleted) && h.TaskId == complete.TaskId);
                    var state = rows.InstancesById.TryGetValue(complete.InstanceId.ToString("D"), out var row) ? EngineJson.Deserialize<ProcessInstance>(row.StateJson) : null;
                    if (task is null || task.Status != nameof(HumanTaskStatus.Completed) || task.InstanceId != complete.InstanceId.ToString("D") || task.ElementId != complete.ElementId)
                    {
                        lost.Add($"{complete}: the task is {(task is null ? "missing" : $"{task.Status} at {task.ElementId} of {task.InstanceId}")}");
                    }
                    else if (completions != 1)
                    {
                        lost.Add($"{complete}: {completions} TaskCompleted history lines");
                    }
                    else if (state is null || !MovedPast(state, complete.ElementId))
                    {
                        lost.Add($"{complete}: the instance has not moved past {complete.ElementId}");
                    }

                    break;
            }
        }

        Assert.True(lost.Count == 0, $"{lost.Count} of {acks.Count} acknowledged commands are not in the file after the kill:\n{string.Join('\n', lost.Take(20))}");
    }

    private static bool MovedPast(ProcessInstance state, string elementId) =>
        state.Status == InstanceStatus.Completed
        || (state.Tasks.Count > 0 && state.Tasks.All(t => Array.IndexOf(Steps, t.ElementId) > Array.IndexOf(Steps, elementId)));

    /// <summary>Every instance in the file, acknowledged or caught mid-command, is a whole number of commands.</summary>
    private static void AssertNoneHalfApplied(Rows rows)
    {
        var problems = new List<string>();
        void Check(bool holds, string problem)
        {
            if (!holds)
            {
                problems.Add(problem);
            }
        }

        Check(rows.Instances.Select(i => i.BusinessKey).Distinct().Count() == rows.Instances.Count, "two instances share a business key");
        Check(rows.Tasks.All(t => rows.InstancesById.ContainsKey(t.InstanceId)), "a task row belongs to no instance");
        Check(rows.History.All(h => rows.InstancesById.ContainsKey(h.InstanceId)), "a history line belongs to no instance");

        var completedTasks = 0;
        foreach (var row in rows.Instances)
        {
            var state = EngineJson.Deserialize<ProcessInstance>(row.StateJson);
            var tasks = rows.Tasks.Where(t => t.InstanceId == row.Id).ToList();
            var history = rows.History.Where(h => h.InstanceId == row.Id).ToList();
            var about = $"instance {row.Id} ({row.BusinessKey}, revision {row.Revision}, {row.Status})";

            // The row's columns and its state JSON were written together.
            Check(state.Id.ToString("D") == row.Id && state.Revision == row.Revision && state.Status.ToString() == row.Status && state.BusinessKey == row.BusinessKey,
                $"{about}: its state JSON says revision {state.Revision}, {state.Status}");
            Check(tasks.All(t => EngineJson.Deserialize<HumanTask>(t.TaskJson).Status.ToString() == t.Status), $"{about}: a task's JSON and status column differ");

            // The state's open tasks are the store's open task rows.
            var openRows = tasks.Where(t => t.Status == nameof(HumanTaskStatus.Open)).Select(t => t.Id).Order().ToList();
            Check(state.Tasks.All(t => t.IsOpen) && state.Tasks.Select(t => t.Id).Order().SequenceEqual(openRows),
                $"{about}: open tasks [{string.Join(", ", state.Tasks.Select(t => t.ElementId))}] in its state, {openRows.Count} open task rows");

            // One start, one TaskCreated per task row, one TaskCompleted per completed task row.
            var created = HistoryTaskIds(history, HistoryKind.TaskCreated);
            var completed = HistoryTaskIds(history, HistoryKind.TaskCompleted);
            var completedRows = tasks.Where(t => t.Status == nameof(HumanTaskStatus.Completed)).Select(t => t.Id).Order().ToList();
            Check(history.Count(h => h.Kind == nameof(HistoryKind.InstanceStarted)) == 1, $"{about}: not one InstanceStarted line");
            Check(created.Order().SequenceEqual(tasks.Select(t => t.Id).Order()), $"{about}: {created.Count} TaskCreated lines for {tasks.Count} task rows");
            Check(completed.Order().SequenceEqual(completedRows), $"{about}: {completed.Count} TaskCompleted lines for {completedRows.Count} completed task rows");

            // The start and each completion are one revision each.
            Check(row.Revision == 1 + completed.Count, $"{about}: at revision {row.Revision} after 1 start and {completed.Count} completions");

            // The steps were done in order, and the instance waits at the next one or has ended.
            var doneSteps = completed.Select(id => tasks.Find(t => t.Id == id)?.ElementId).ToList();
            Check(doneSteps.SequenceEqual(Steps.Take(completed.Count)), $"{about}: steps done in the order [{string.Join(", ", doneSteps)}]");
            var ended = history.Count(h => h.Kind == nameof(HistoryKind.InstanceCompleted));
            if (completed.Count == Steps.Length)
            {
                Check(row.Status == nameof(InstanceStatus.Completed) && openRows.Count == 0 && ended == 1, $"{about}: every step done, yet not ended whole");
            }
            else
            {
                var waitsAt = tasks.Where(t => t.Status == nameof(HumanTaskStatus.Open)).Select(t => t.ElementId).ToList();
                Check(row.Status == nameof(InstanceStatus.Running) && ended == 0 && waitsAt.SequenceEqual([Steps[Math.Min(completed.Count, Steps.Length - 1)]]),
                    $"{about}: {completed.Count} steps done, waits at [{string.Join(", ", waitsAt)}]");
            }

            // Each command's idempotency key was committed with it.
            Check(rows.IdempotencyKeys.Contains(StartKey(row.BusinessKey!)), $"{about}: its start's idempotency key is missing");
            Check(completed.All(id => rows.IdempotencyKeys.Contains(CompleteKey(id))), $"{about}: a completion's idempotency key is missing");
            completedTasks += completed.Count;
        }

        // …and no key was committed without its command.
        Check(rows.IdempotencyKeys.Count == rows.Instances.Count + completedTasks,
            $"{rows.IdempotencyKeys.Count} idempotency keys for {rows.Instances.Count} starts and {completedTasks} completions");

        Assert.True(problems.Count == 0, $"{problems.Count} problems in the file after the kill (half-applied commands):\n{string.Join('\n', problems.Take(20))}");
    }

    private static async Task AssertTheEngineGoesOnAsync(StoreEngine sqlite, IReadOnlyList<Ack> acks, Rows rows)
    {
        var engine = sqlite.Engine;
        if (DateTimeOffset.UtcNow > sqlite.Clock.GetUtcNow())
        {
            sqlite.Clock.SetUtcNow(DateTimeOffset.UtcNow); // the worker ran on the system clock
        }

        // The outbox messages whose dispatch the kill cut off go out now.
        // (The store writes dispatch marks with its next transaction; flushing makes each round see them.)
        for (var round = 0; round < 100 && await engine.DispatchPendingAsync() > 0; round++)
        {
            await sqlite.Store.FlushAsync();
        }

        Assert.Empty(await sqlite.Store.GetPendingOutboxAsync(10));

        // A client retrying an acknowledged command gets what it got, and nothing happens twice.
        var start = acks.OfType<StartAck>().First();
        var again = await engine.StartAsync("four", businessKey: start.BusinessKey, idempotencyKey: StartKey(start.BusinessKey));
        Assert.Equal(start.InstanceId, again.Id);
        var complete = acks.OfType<CompleteAck>().First();
        await engine.CompleteTaskAsync(complete.TaskId, "crash-worker", idempotencyKey: CompleteKey(complete.TaskId));

        // Instances the kill left waiting (the ones started last; there may be none when the kill fell between
        // an instance's end and the next start), and a new one, run to their end.
        var fresh = await engine.StartAsync("four", businessKey: "bk-after-the-crash", idempotencyKey: StartKey("bk-after-the-crash"));
        var waiting = rows.Instances.Where(i => i.Status == nameof(InstanceStatus.Running)).OrderByDescending(i => i.StartedAtUtcTicks).Take(3);
        foreach (var instanceId in waiting.Select(i => Guid.Parse(i.Id)).Append(fresh.Id))
        {
            var before = await engine.GetInstanceAsync(instanceId);
            while ((await engine.QueryTasksAsync(new TaskQuery { InstanceId = instanceId })).Items is [var task, ..])
            {
                await engine.CompleteTaskAsync(task.Id, "after-the-crash", idempotencyKey: CompleteKey(task.Id));
            }

            var after = await engine.GetInstanceAsync(instanceId);
            Assert.Equal(InstanceStatus.Completed, after.Status);
            Assert.Equal(1 + Steps.Length, after.Revision);
            Assert.True(after.Revision > before.Revision, $"Instance {instanceId} did not move.");
        }
    }

    private static List<string> HistoryTaskIds(IEnumerable<HistoryRecord> history, HistoryKind kind) =>
        history.Where(h => h.Kind == kind.ToString()).Select(h => h.TaskId!).ToList();

    // The worker's idempotency keys (tests/Kinerja.Persistence.CrashWorker/FourSteps.cs).
    private static string StartKey(string businessKey) => $"start:{businessKey}";

    private static string CompleteKey(string taskId) => $"complete:{taskId}";

    /// <summary>Every row the checks look at, read straight from the file.</summary>
    private sealed record Rows(
        List<InstanceRecord> Instances, List<TaskRecord> Tasks, List<HistoryRecord> History, HashSet<string> IdempotencyKeys)
    {
        public Dictionary<string, InstanceRecord> InstancesById { get; } = Instances.ToDictionary(i => i.Id);

        public static async Task<Rows> ReadAsync(StoreEngine sqlite)
        {
            await using var db = sqlite.Contexts.CreateDbContext();
            return new Rows(
                await db.Instances.AsNoTracking().ToListAsync(),
                await db.Tasks.AsNoTracking().ToListAsync(),
                await db.History.AsNoTracking().OrderBy(h => h.Id).ToListAsync(),
                (await db.IdempotencyKeys.AsNoTracking().Select(k => k.Key).ToListAsync()).ToHashSet(StringComparer.Ordinal));
        }
    }
}
