using Kinerja.Engine;
using Kinerja.Engine.Calendar;
using Kinerja.Engine.Storage;
using Kinerja.Persistence;
using Kinerja.Persistence.Providers;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Kinerja.Benchmarks;

/// <summary>What one run measured; the report prints it.</summary>
internal sealed record BenchmarkFigures(
    BenchmarkOptions Options,
    string DatabasePath,
    string JournalMode,
    string SynchronousReadBack,
    CeilingResult CeilingBefore,
    CeilingResult CeilingAfter,
    CeilingResult? ConcurrentCeiling,
    CommandRunResult Commands,
    InboxFillResult? InboxFill,
    InboxQueryResult? Inbox,
    PeerResult? Peer)
{
    /// <summary>The headline ceiling: the sequential measurements before and after the engine's run together.</summary>
    public CeilingResult Ceiling => SqliteCeiling.Combine(CeilingBefore, CeilingAfter);
}

/// <summary>Runs the parts in order: the SQLite ceiling, the engine's commands, (with --inbox) the inbox, then (with --peer) the peer engine.</summary>
internal sealed class Benchmark(BenchmarkOptions options)
{
    private const int InboxQueriesPerKind = 100;
    private const int InboxFillMinClients = 32;

    public async Task RunAsync()
    {
        var folder = options.DatabasePath is null
            ? Path.Combine(Path.GetTempPath(), $"kinerja-bench-{Guid.NewGuid():N}")
            : Path.GetDirectoryName(options.DatabasePath)!;
        var databasePath = options.DatabasePath ?? Path.Combine(folder, "kinerja.db");
        var ceilingPath = options.DatabasePath is null ? Path.Combine(folder, "ceiling.db") : databasePath + ".ceiling.db";
        if (File.Exists(ceilingPath))
        {
            throw new IOException($"{ceilingPath} already exists; the benchmark needs a fresh file for the SQLite ceiling.");
        }

        Directory.CreateDirectory(folder);
        try
        {
            var figures = await MeasureAsync(databasePath, ceilingPath);
            Report.Print(figures);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (options.DatabasePath is null)
            {
                TryDelete(() => Directory.Delete(folder, recursive: true));
            }
            else
            {
                foreach (var file in new[] { databasePath, ceilingPath }.SelectMany(f => new[] { f, f + "-wal", f + "-shm" }))
                {
                    TryDelete(() => File.Delete(file));
                }
            }
        }
    }

    private async Task<BenchmarkFigures> MeasureAsync(string databasePath, string ceilingPath)
    {
        Progress($"SQLite ceiling: one-row INSERT transactions for {options.CeilingDuration.TotalSeconds:0} s, journal_mode=WAL, synchronous={options.Synchronous}");
        var (freshCeiling, ceilingBefore) = SqliteCeiling.Sequential(ceilingPath, options.Synchronous, TimeSpan.FromSeconds(1), options.CeilingDuration);
        Progress($"SQLite ceiling: {freshCeiling.TransactionsPerSecond:0} tx/s in the first second on the fresh file, {ceilingBefore.TransactionsPerSecond:0} tx/s after");
        CeilingResult? concurrentCeiling = null;
        var openCost = default((double, double));
        if (options.Profile)
        {
            Progress($"profile: SQLite ceiling from {options.Clients} connections at once");
            concurrentCeiling = SqliteCeiling.Concurrent(ceilingPath, options.Synchronous, options.Clients, options.CeilingDuration);
            openCost = SqliteCeiling.OpenCost(ceilingPath, options.Synchronous, 5000);
        }

        SqliteConnection.ClearAllPools();

        var contexts = new KinerjaDbContextFactory(DatabaseSettings.SqliteFile(databasePath, options.Synchronous));
        await contexts.MigrateAsync();
        var (journalMode, synchronous) = await ReadPragmasAsync(contexts);

        await using var efStore = new EfWorkflowStore(contexts);
        var timing = options.Profile ? new TimingStore(efStore) : null;
        var timers = new CountingTimerScheduler();
        var notifications = new CountingNotificationSink();
        var engine = new WorkflowEngine(
            (IWorkflowStore?)timing ?? efStore, timers, notifications, TimeProvider.System, new WorkingCalendarProvider(BulelengCalendar.Create()));

        await DeployAsync(engine, BenchmarkProcesses.FourSteps, "four-steps.bpmn");
        Progress($"warm-up: {options.WarmUpInstances} instances with {options.Clients} clients");
        await CommandRun.RunAsync(engine, options.WarmUpInstances, options.Clients, "warmup");

        timing?.Reset();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Progress($"measuring: {options.Instances} instances x 5 commands with {options.Clients} clients");
        var commands = await CommandRun.RunAsync(engine, options.Instances, options.Clients, "bench");
        await VerifyCompletedAsync(contexts, options.WarmUpInstances + options.Instances);
        Progress("SQLite ceiling again, after the engine's run");
        var (_, ceilingAfter) = SqliteCeiling.Sequential(ceilingPath, options.Synchronous, TimeSpan.FromSeconds(0.5), options.CeilingDuration);
        Progress($"SQLite ceiling: {ceilingBefore.TransactionsPerSecond:0} tx/s before, {ceilingAfter.TransactionsPerSecond:0} tx/s after");
        if (options.Profile)
        {
            Profile.PrintCommands(commands, timing!, openCost, timers, notifications, databasePath);
            await LeanWritesAsync(folder: Path.GetDirectoryName(databasePath)!, databasePath);
            Progress($"profile: the same {options.Instances} instances on the engine alone (InMemoryWorkflowStore, outbox marking skipped)");
            var memoryEngine = new WorkflowEngine(
                new EngineOnlyStore(), timers, notifications, TimeProvider.System, new WorkingCalendarProvider(BulelengCalendar.Create()));
            await DeployAsync(memoryEngine, BenchmarkProcesses.FourSteps, "four-steps.bpmn");
            await CommandRun.RunAsync(memoryEngine, options.WarmUpInstances, options.Clients, "warmup");
            Profile.PrintEngineAlone(await CommandRun.RunAsync(memoryEngine, options.Instances, options.Clients, "memory"), commands);
        }

        InboxFillResult? fill = null;
        InboxQueryResult? inbox = null;
        if (options.Inbox > 0)
        {
            await DeployAsync(engine, BenchmarkProcesses.Inbox, "inbox.bpmn");
            var fillClients = Math.Max(options.Clients, InboxFillMinClients);
            Progress($"inbox: starting {options.Inbox} instances (one open task each) with {fillClients} clients");
            fill = await InboxRun.FillAsync(engine, options.Inbox, fillClients, seed: 2026);
            await VerifyOpenTasksAsync(contexts, options.Inbox);
            Progress($"inbox: {InboxQueriesPerKind} queries of each kind, one at a time");
            inbox = await InboxRun.QueryAsync(engine, InboxQueriesPerKind, seed: 56);
            if (options.Profile)
            {
                await Profile.PrintInboxAlternativesAsync(contexts);
            }
        }

        PeerResult? peer = null;
        if (options.Peer)
        {
            Progress($"peer: the same {options.Instances} instances on the npm bpmn-engine, in memory (peer/bpmn-engine-bench.mjs)");
            peer = await PeerRun.RunAsync(options.Instances, options.Clients, options.WarmUpInstances);
            if (peer.NotMeasuredBecause is { } reason)
            {
                Progress($"peer: not measured: {reason}");
            }
        }

        return new BenchmarkFigures(options, databasePath, journalMode, synchronous, ceilingBefore, ceilingAfter, concurrentCeiling, commands, fill, inbox, peer);
    }

    /// <summary>Profiling: the store's rows for the same commands written without EF Core, at a few batch sizes.</summary>
    private async Task LeanWritesAsync(string folder, string databasePath)
    {
        var shape = StoreShape.Read(databasePath, (options.WarmUpInstances + options.Instances) * 5L);
        var commands = Math.Min(options.Instances * 5, 5000);
        Console.WriteLine($"the same rows without EF Core (LeanWriter: prepared statements, savepoint per command, one COMMIT per batch), {shape}:");
        foreach (var batch in new[] { 1, 4, 16 })
        {
            var path = Path.Combine(folder, $"lean-{batch}-{Guid.NewGuid():N}.db");
            try
            {
                Progress($"profile: lean writer, {commands} commands in batches of {batch}");
                var lean = await LeanWriter.RunAsync(path, options.Synchronous, shape, commands, batch);
                Console.WriteLine($"  {batch,2} commands per COMMIT: {lean.TransactionsPerSecond,6:0} commands/s from one thread");
            }
            finally
            {
                SqliteConnection.ClearAllPools();
                foreach (var file in new[] { path, path + "-wal", path + "-shm" })
                {
                    TryDelete(() => File.Delete(file));
                }
            }
        }

        Console.WriteLine();
    }

    private static async Task DeployAsync(WorkflowEngine engine, string xml, string name)
    {
        var deployed = await engine.DeployAsync(xml, name, "benchmark");
        if (!deployed.Succeeded)
        {
            throw new InvalidOperationException($"{name} was refused: {string.Join("; ", deployed.Problems.Select(p => p.Message))}");
        }
    }

    /// <summary>The journal mode and synchronous level as the store's own connections have them.</summary>
    private static async Task<(string JournalMode, string Synchronous)> ReadPragmasAsync(IDbContextFactory<KinerjaDbContext> contexts)
    {
        await using var db = await contexts.CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        var journal = Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) ?? "?";
        command.CommandText = "PRAGMA synchronous;";
        var level = Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        var synchronous = level switch { 0 => "OFF", 1 => "NORMAL", 2 => "FULL", 3 => "EXTRA", _ => level.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        return (journal, synchronous);
    }

    private static async Task VerifyCompletedAsync(IDbContextFactory<KinerjaDbContext> contexts, int expected)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var completed = await db.Instances.CountAsync(i => i.ProcessKey == BenchmarkProcesses.FourStepsKey && i.Status == "Completed");
        var open = await db.Tasks.CountAsync(t => t.ProcessKey == BenchmarkProcesses.FourStepsKey && t.Status == "Open");
        if (completed != expected || open != 0)
        {
            throw new InvalidOperationException($"Expected {expected} completed instances and no open task; the store has {completed} and {open}.");
        }
    }

    private static async Task VerifyOpenTasksAsync(IDbContextFactory<KinerjaDbContext> contexts, int expected)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var open = await db.Tasks.CountAsync(t => t.ProcessKey == BenchmarkProcesses.InboxKey && t.Status == "Open");
        if (open != expected)
        {
            throw new InvalidOperationException($"Expected {expected} open inbox tasks; the store has {open}.");
        }
    }

    private static void Progress(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");

    private static void TryDelete(Action delete)
    {
        try
        {
            delete();
        }
        catch (IOException)
        {
            // A leftover temporary file is harmless.
        }
    }
}
