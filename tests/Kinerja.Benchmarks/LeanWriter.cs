using System.Diagnostics;
using System.Globalization;
using Kinerja.Persistence.Providers;
using Microsoft.Data.Sqlite;

namespace Kinerja.Benchmarks;

/// <summary>What the engine's commands wrote, per command: rows per table and the mean length of the JSON columns.</summary>
internal sealed record StoreShape(
    double TaskRowsPerCommand,
    double HistoryRowsPerCommand,
    double OutboxRowsPerCommand,
    int StateJsonLength,
    int TaskJsonLength,
    int HistoryDataLength,
    int OutboxJsonLength)
{
    public static StoreShape Read(string databasePath, long commands)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();

        (long Rows, double Length) Table(string table, string column)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT COUNT(*), COALESCE(AVG(LENGTH({column})), 0) FROM {table};";
            using var reader = command.ExecuteReader();
            reader.Read();
            return (reader.GetInt64(0), reader.GetDouble(1));
        }

        var state = Table("instances", "StateJson");
        var tasks = Table("tasks", "TaskJson");
        var history = Table("history", "Data");
        var outbox = Table("outbox", "MessagesJson");
        return new StoreShape(
            tasks.Rows / (double)commands, history.Rows / (double)commands, outbox.Rows / (double)commands,
            (int)state.Length, (int)tasks.Length, (int)history.Length, (int)outbox.Length);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"per command: 1 instance row ({StateJsonLength} B of JSON), {TaskRowsPerCommand:0.0} task rows created ({TaskJsonLength} B), "
        + $"{HistoryRowsPerCommand:0.0} history rows ({HistoryDataLength} B), {OutboxRowsPerCommand:0.0} outbox rows ({OutboxJsonLength} B)");
}

/// <summary>
/// The store's writes for a completion without EF Core: the same tables, indexes, pragmas, savepoint per
/// command and one durable COMMIT per batch, as prepared Microsoft.Data.Sqlite statements from one thread.
/// It tells how far the schema and the disk allow; the gap to the engine's figure is the writer's overhead.
/// Profiling only.
/// </summary>
internal static class LeanWriter
{
    public static async Task<CeilingResult> RunAsync(string path, string synchronous, StoreShape shape, int commands, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var contexts = new KinerjaDbContextFactory(DatabaseSettings.SqliteFile(path, synchronous));
        await contexts.MigrateAsync();
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, $"PRAGMA journal_mode=WAL; PRAGMA synchronous={synchronous}; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;");

        var state = new string('s', shape.StateJsonLength);
        var taskJson = new string('t', shape.TaskJsonLength);
        var historyData = new string('h', shape.HistoryDataLength);
        var outboxJson = new string('o', shape.OutboxJsonLength);
        var historyRows = (int)Math.Round(shape.HistoryRowsPerCommand);
        var outboxRows = (int)Math.Round(shape.OutboxRowsPerCommand);
        var instances = Math.Max(1, commands / 4);
        var ids = Enumerable.Range(0, instances).Select(_ => Guid.NewGuid().ToString().ToUpperInvariant()).ToArray();
        var revisions = new long[instances];
        var openTask = new string[instances];

        using (var setup = connection.BeginTransaction())
        {
            using var insertInstance = Command(connection, setup,
                "INSERT INTO instances (Id, ProcessKey, DefinitionId, Status, StartedAtUtcTicks, Revision, StateJson) VALUES ($id, 'four', 'four:1', 'Running', 0, 1, $state);");
            using var insertTask = TaskInsert(connection, setup);
            for (var i = 0; i < instances; i++)
            {
                revisions[i] = 1;
                insertInstance.Parameters["$id"].Value = ids[i];
                insertInstance.Parameters["$state"].Value = state;
                insertInstance.ExecuteNonQuery();
                openTask[i] = NewTask(insertTask, ids[i], taskJson);
            }

            setup.Commit();
        }

        var started = Stopwatch.GetTimestamp();
        for (var done = 0; done < commands;)
        {
            using var transaction = connection.BeginTransaction();
            using var updateInstance = Command(connection, transaction,
                "UPDATE instances SET DefinitionId = 'four:1', Status = 'Running', EndedAtUtcTicks = NULL, Revision = $next, StateJson = $state WHERE Id = $id AND Revision = $revision;");
            using var deleteSubscriptions = Command(connection, transaction, "DELETE FROM message_subscriptions WHERE InstanceId = $id;");
            using var updateTask = Command(connection, transaction,
                "UPDATE tasks SET Status = 'Completed', Assignee = 'officer', DueAtUtcTicks = 1, TaskJson = $json WHERE Id = $id;");
            using var insertTask = TaskInsert(connection, transaction);
            using var insertHistory = Command(connection, transaction,
                "INSERT INTO history (InstanceId, AtUtcTicks, Kind, ElementId, TaskId, Actor, Data) VALUES ($id, 1, 'TaskCompleted', 't1', $task, 'officer', $data);");
            using var insertOutbox = Command(connection, transaction, "INSERT INTO outbox (LastMessageId, MessagesJson) VALUES ($id, $json);");
            using var markDispatched = Command(connection, transaction, "UPDATE outbox SET DispatchedAtUtcTicks = 1 WHERE MessageId = $id AND DispatchedAtUtcTicks IS NULL;");
            var written = new List<string>();
            for (var b = 0; b < batchSize && done < commands; b++, done++)
            {
                var i = done % instances;
                using var savepoint = Command(connection, transaction, $"SAVEPOINT commit{b};");
                savepoint.ExecuteNonQuery();
                updateInstance.Parameters["$id"].Value = ids[i];
                updateInstance.Parameters["$revision"].Value = revisions[i];
                updateInstance.Parameters["$next"].Value = ++revisions[i];
                updateInstance.Parameters["$state"].Value = state;
                if (updateInstance.ExecuteNonQuery() != 1)
                {
                    throw new InvalidOperationException("The lean writer lost its own revision.");
                }

                deleteSubscriptions.Parameters["$id"].Value = ids[i];
                deleteSubscriptions.ExecuteNonQuery();
                updateTask.Parameters["$id"].Value = openTask[i];
                updateTask.Parameters["$json"].Value = taskJson;
                updateTask.ExecuteNonQuery();
                openTask[i] = NewTask(insertTask, ids[i], taskJson);
                for (var h = 0; h < historyRows; h++)
                {
                    insertHistory.Parameters["$id"].Value = ids[i];
                    insertHistory.Parameters["$task"].Value = openTask[i];
                    insertHistory.Parameters["$data"].Value = historyData;
                    insertHistory.ExecuteNonQuery();
                }

                for (var o = 0; o < outboxRows; o++)
                {
                    var messageId = $"m:{done}:{o}";
                    insertOutbox.Parameters["$id"].Value = messageId;
                    insertOutbox.Parameters["$json"].Value = outboxJson;
                    insertOutbox.ExecuteNonQuery();
                    written.Add(messageId);
                }

                using var release = Command(connection, transaction, $"RELEASE commit{b};");
                release.ExecuteNonQuery();
            }

            // The outbox marks of this batch ride along in the same transaction instead of a second durable write.
            foreach (var messageId in written)
            {
                markDispatched.Parameters["$id"].Value = messageId;
                markDispatched.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        return new CeilingResult(batchSize, commands, Stopwatch.GetElapsedTime(started));
    }

    private static SqliteCommand TaskInsert(SqliteConnection connection, SqliteTransaction transaction) => Command(connection, transaction,
        "INSERT INTO tasks (Id, InstanceId, ProcessKey, ElementId, Status, CreatedAtUtcTicks, DueAtUtcTicks, TaskJson) VALUES ($id, $instance, 'four', 't2', 'Open', 1, 2, $json);"
        + " INSERT INTO task_candidates (TaskId, Kind, Name) VALUES ($id, 'g', 'kasubbag');");

    private static string NewTask(SqliteCommand insert, string instanceId, string json)
    {
        var id = Guid.CreateVersion7().ToString("N");
        insert.Parameters["$id"].Value = id;
        insert.Parameters["$instance"].Value = instanceId;
        insert.Parameters["$json"].Value = json;
        insert.ExecuteNonQuery();
        return id;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in new[] { "$id", "$revision", "$next", "$state", "$json", "$instance", "$task", "$data" }.Where(n => sql.Contains(n, StringComparison.Ordinal)))
        {
            command.Parameters.Add(new SqliteParameter(name, null));
        }

        return command;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
