using Kinerja.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Kinerja.Benchmarks;

/// <summary>The breakdown printed with <c>KINERJA_BENCH_PROFILE=1</c>: where a command's time goes.</summary>
internal static class Profile
{
    public static void PrintCommands(
        CommandRunResult run,
        TimingStore store,
        (double PlainMicroseconds, double WithPragmasMicroseconds) openCost,
        CountingTimerScheduler timers,
        CountingNotificationSink notifications,
        string databasePath)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(store);
        var commands = (double)run.CommandCount;
        Line();
        Line($"profile (KINERJA_BENCH_PROFILE=1) of the measured phase: {run.CommandCount} commands, {run.Lookups.Count} next-task reads, {run.Elapsed.TotalSeconds:0.00} s, {run.Clients} clients");
        Line();
        Line($"{"store call (as the engine sees it)",-48} {"count",8} {"per cmd",8} {"mean ms",8} {"total ms",9}");
        foreach (var section in store.Sections.Where(s => s.Count > 0))
        {
            Line($"{section.Name,-48} {section.Count,8} {section.Count / commands,8:0.00} {section.MeanMs,8:0.000} {section.TotalMs,9:0}");
        }

        var lookupMs = run.Lookups.Mean * run.Lookups.Count;
        var readsMs = store.FindDefinition.TotalMs + store.ListDefinitions.TotalMs + store.LoadInstance.TotalMs + store.FindTask.TotalMs
            + store.FindSubscriptions.TotalMs + store.FindIdempotent.TotalMs - lookupMs;
        var commandMs = run.Commands.Mean * commands;
        var rest = commandMs - readsMs - store.Commit.TotalMs - store.MarkDispatched.TotalMs;
        Line();
        Line("where a command's latency goes (mean per command):");
        Share("reads inside the command (definition, task, instance)", readsMs);
        Share("waiting for its commit to be durable (group commit)", store.Commit.TotalMs);
        Share("waiting for its outbox to be marked dispatched", store.MarkDispatched.TotalMs);
        Share("the rest: engine CPU (runtime, Jint, JSON) and thread-pool queueing", rest);
        Line($"  {"= command latency (mean)",-80} {run.Commands.Mean,7:0.000} ms");

        void Share(string name, double totalMs) =>
            Line($"  {name,-80} {totalMs / commands,7:0.000} ms  {totalMs / commandMs,4:P0}");

        Line();
        Line($"pooled open + SELECT 1, without / with the store's PRAGMA line: {openCost.PlainMicroseconds:0.0} / {openCost.WithPragmasMicroseconds:0.0} µs (single thread, no load)");
        Line($"allocated {run.AllocatedBytes / commands / 1024:0} KB per command; GC gen0/gen1/gen2: {run.Gen0Collections}/{run.Gen1Collections}/{run.Gen2Collections}");
        Line($"CPU: {run.ProcessorTime.TotalMilliseconds / commands:0.00} ms per command ({run.CpuShare:P0} of {Environment.ProcessorCount} cores; includes thread-pool spin-waiting)");
        Line($"ports: {timers.Scheduled} timers scheduled, {timers.Cancelled} cancelled, {notifications.Published} notifications (whole run)");
        var wal = new FileInfo(databasePath + "-wal");
        Line($"files: database {new FileInfo(databasePath).Length / 1024} KB, WAL {(wal.Exists ? wal.Length / 1024 : 0)} KB");
        Line();
    }

    /// <summary>The same workload on <c>InMemoryWorkflowStore</c>: what the engine costs without the database.</summary>
    public static void PrintEngineAlone(CommandRunResult memory, CommandRunResult sqlite)
    {
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(sqlite);
        Line();
        Line("the same workload on the engine alone (InMemoryWorkflowStore without outbox marking, no database):");
        Line($"  {memory.CommandsPerSecond:0} commands/s, p50 {Report.Ms(memory.Commands.Percentile(50))} / p99 {Report.Ms(memory.Commands.Percentile(99))} ms, "
            + $"CPU {memory.ProcessorTime.TotalMilliseconds / memory.CommandCount:0.00} ms per command ({memory.CpuShare:P0} of {Environment.ProcessorCount} cores), "
            + $"allocated {memory.AllocatedBytes / (double)memory.CommandCount / 1024:0} KB per command");
        Line($"  on SQLite: CPU {sqlite.ProcessorTime.TotalMilliseconds / sqlite.CommandCount:0.00} ms per command, allocated {sqlite.AllocatedBytes / (double)sqlite.CommandCount / 1024:0} KB per command");
        Line();
    }

    /// <summary>
    /// The slow inbox statements next to hand-written forms that return the same rows, timed on the same
    /// data: evidence for what the store's query could look like. Raw SQL on the store's file.
    /// </summary>
    public static async Task PrintInboxAlternativesAsync(IDbContextFactory<KinerjaDbContext> contexts)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        await using var context = await contexts.CreateDbContextAsync();
        await context.Database.OpenConnectionAsync();
        var connection = (SqliteConnection)context.Database.GetDbConnection();
        var now = DateTimeOffset.UtcNow.UtcTicks;
        const string Group = "@g1";
        const string GroupNow = "skpd-07";
        const string Columns = "\"t\".\"TaskJson\"";
        const string StoreOrder = "ORDER BY \"t\".\"DueAtUtcTicks\" IS NULL, \"t\".\"DueAtUtcTicks\", \"t\".\"CreatedAtUtcTicks\", \"t\".\"Id\" LIMIT 50";
        const string PlainOrder = "ORDER BY \"t\".\"DueAtUtcTicks\", \"t\".\"CreatedAtUtcTicks\", \"t\".\"Id\" LIMIT 50";
        const string StoreGroup = "\"t\".\"Status\" = 'Open' AND \"t\".\"Assignee\" IS NULL AND EXISTS (SELECT 1 FROM \"task_candidates\" AS \"c\" WHERE \"t\".\"Id\" = \"c\".\"TaskId\" AND \"c\".\"Kind\" = 'g' AND \"c\".\"Name\" = " + Group + ")";
        const string DrivenGroup = "\"t\".\"Id\" IN (SELECT \"c\".\"TaskId\" FROM \"task_candidates\" AS \"c\" WHERE \"c\".\"Kind\" = 'g' AND \"c\".\"Name\" = " + Group + ") AND \"t\".\"Status\" = 'Open' AND \"t\".\"Assignee\" IS NULL";
        const string CandidatesFirst = "FROM \"task_candidates\" AS \"c\" CROSS JOIN \"tasks\" AS \"t\" ON \"t\".\"Id\" = \"c\".\"TaskId\" WHERE \"c\".\"Kind\" = 'g' AND \"c\".\"Name\" = " + Group + " AND \"t\".\"Status\" = 'Open' AND \"t\".\"Assignee\" IS NULL";
        const string Overdue = "\"t\".\"Status\" = 'Open' AND \"t\".\"DueAtUtcTicks\" IS NOT NULL AND \"t\".\"DueAtUtcTicks\" < @now";
        var cases = new (string Name, string Sql)[]
        {
            ("group count, as the store asks (EXISTS per unassigned task)", $"SELECT COUNT(*) FROM \"tasks\" AS \"t\" WHERE {StoreGroup}"),
            ("group count, driven from task_candidates (IN subquery)", $"SELECT COUNT(*) FROM \"tasks\" AS \"t\" WHERE {DrivenGroup}"),
            ("group page 1, as the store asks", $"SELECT {Columns} FROM \"tasks\" AS \"t\" WHERE {StoreGroup} {StoreOrder}"),
            ("group page 1, driven from task_candidates", $"SELECT {Columns} FROM \"tasks\" AS \"t\" WHERE {DrivenGroup} {StoreOrder}"),
            ("group count, candidates first (CROSS JOIN)", $"SELECT COUNT(DISTINCT \"t\".\"Id\") {CandidatesFirst}"),
            ("group page 1, candidates first (CROSS JOIN)", $"SELECT DISTINCT {Columns}, \"t\".\"DueAtUtcTicks\", \"t\".\"CreatedAtUtcTicks\", \"t\".\"Id\" {CandidatesFirst} {StoreOrder}"),
            ("overdue count", $"SELECT COUNT(*) FROM \"tasks\" AS \"t\" WHERE {Overdue}"),
            ("overdue page 1, as the store asks (ORDER BY DueAt IS NULL, …)", $"SELECT {Columns} FROM \"tasks\" AS \"t\" WHERE {Overdue} {StoreOrder}"),
            ("overdue page 1, ORDER BY DueAt, CreatedAt, Id (index order)", $"SELECT {Columns} FROM \"tasks\" AS \"t\" WHERE {Overdue} {PlainOrder}"),
        };

        foreach (var analyzed in new[] { false, true })
        {
            if (analyzed)
            {
                await using var analyze = connection.CreateCommand();
                analyze.CommandText = "ANALYZE;";
                await analyze.ExecuteNonQueryAsync();
            }

            Line();
            Line($"inbox statements {(analyzed ? "after ANALYZE (sqlite_stat1 written)" : "with no statistics (as the store runs today)")}, as the store writes them and in other forms (group {GroupNow}, 20 runs each):");
            await TimeCasesAsync(connection, cases, Group, GroupNow, now);
        }

        Line();
    }

    private static async Task TimeCasesAsync(SqliteConnection connection, (string Name, string Sql)[] cases, string group, string groupValue, long now)
    {
        foreach (var (name, sql) in cases)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.Add(new SqliteParameter(group, groupValue));
            command.Parameters.Add(new SqliteParameter("@now", now));
            var latencies = new Latencies(20);
            long rows = 0;
            for (var i = 0; i < 21; i++)
            {
                var at = System.Diagnostics.Stopwatch.GetTimestamp();
                await using var reader = await command.ExecuteReaderAsync();
                long count = 0;
                while (await reader.ReadAsync())
                {
                    count = name.Contains("count", StringComparison.Ordinal) ? reader.GetInt64(0) : count + 1;
                }

                if (i > 0)
                {
                    latencies.Add(Latencies.Since(at));
                }

                rows = count;
            }

            Line($"  {name,-66} p50 {Report.Ms(latencies.Percentile(50)),6} / p99 {Report.Ms(latencies.Percentile(99)),6} ms  ({(name.Contains("count", StringComparison.Ordinal) ? "count" : "rows")} {rows})");
            command.CommandText = "EXPLAIN QUERY PLAN " + sql;
            await using var plan = await command.ExecuteReaderAsync();
            while (await plan.ReadAsync())
            {
                Line($"      plan: {plan.GetString(3)}");
            }
        }
    }

    private static void Line(string text = "") => Console.WriteLine(text);
}
