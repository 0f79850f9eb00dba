using System.Data.Common;
using Kinerja.Engine.Storage;
using Kinerja.Engine.Tasks;
using static Kinerja.Persistence.RecordMapping;

namespace Kinerja.Persistence.Sql;

/// <summary>The statements the writer knows; a commit becomes a list of <see cref="SqlStep"/>s over them.</summary>
internal enum Statement
{
    InsertInstance,
    UpdateInstance,
    UpdateInstanceState,
    DeleteSubscriptions,
    InsertSubscription,
    UpsertTask,
    InsertTask,
    UpdateTask,
    InsertCandidate,
    DeleteCandidates,
    InsertHistory,
    InsertOutbox,
    InsertIdempotency,
    InsertDefinition,
    MarkDispatched,
}

/// <summary>
/// One statement to run with its values; when <see cref="MustChangeARow"/> and no row changed, the commit lost a race.
/// <see cref="Statement.InsertHistory"/> takes one or more rows: <see cref="CommitStatements.HistoryColumns"/> values each.
/// </summary>
internal readonly record struct SqlStep(Statement Statement, object?[] Values, bool MustChangeARow = false);

/// <summary>
/// The writer's statements, created once on its own connection and reused for every commit, so each
/// runs as a prepared statement. The SQL is plain and portable (quoted identifiers, named parameters,
/// <c>ON CONFLICT</c>): the same text runs on SQLite and PostgreSQL, against the tables the EF Core
/// migrations create. Turning a commit into steps (<see cref="Plan"/>, JSON included) happens on the
/// caller's thread; the single writer only runs them.
/// </summary>
internal sealed class CommitStatements : IAsyncDisposable
{
    private readonly DbCommand _insertInstance;
    private readonly DbCommand _updateInstance;
    private readonly DbCommand _updateInstanceState;
    private readonly DbCommand _deleteSubscriptions;
    private readonly DbCommand _insertSubscription;
    private readonly DbCommand _upsertTask;
    private readonly DbCommand _insertTask;
    private readonly DbCommand _updateTask;
    private readonly DbCommand _insertCandidate;
    private readonly DbCommand _deleteCandidates;
    private readonly DbConnection _connection;
    private readonly Dictionary<int, DbCommand> _insertHistoryRows = [];
    private readonly DbCommand _insertOutbox;
    private readonly DbCommand _insertIdempotency;
    private readonly DbCommand _insertDefinition;
    private readonly DbCommand _markDispatched;
    private readonly DbCommand[] _commands;
    private readonly DbCommand _savepoint;
    private readonly DbCommand _releaseSavepoint;
    private readonly DbCommand _rollbackToSavepoint;

    /// <summary>The values of one history row in a <see cref="Statement.InsertHistory"/> step.</summary>
    public const int HistoryColumns = 8;

    /// <summary>The most history rows one statement inserts; a commit with more runs several.</summary>
    public const int MaxHistoryRowsPerStatement = 8;

    private const string HistoryInsert = """INSERT INTO history ("InstanceId", "AtUtcTicks", "Kind", "ElementId", "TaskId", "Actor", "Data", "LatenessTicks") VALUES """;

    public CommitStatements(DbConnection connection)
    {
        _connection = connection;
        _insertInstance = Command(connection, """
            INSERT INTO instances ("Id", "ProcessKey", "DefinitionId", "BusinessKey", "Status", "StartedAtUtcTicks", "EndedAtUtcTicks", "ParentInstanceId", "Revision", "StateJson")
            VALUES (@id, @processKey, @definitionId, @businessKey, @status, @startedAt, @endedAt, @parentId, @revision, @state)
            """, "id", "processKey", "definitionId", "businessKey", "status", "startedAt", "endedAt", "parentId", "revision", "state");
        _updateInstance = Command(connection, """
            UPDATE instances SET "DefinitionId" = @definitionId, "Status" = @status, "EndedAtUtcTicks" = @endedAt, "Revision" = @revision, "StateJson" = @state
            WHERE "Id" = @id AND "Revision" = @expected
            """, "definitionId", "status", "endedAt", "revision", "state", "id", "expected");
        // When the columns the instance indexes (status, definition) keep their values, leaving them out of SET spares
        // SQLite the index rewrite it does for every indexed column named there.
        _updateInstanceState = Command(connection, """
            UPDATE instances SET "Revision" = @revision, "StateJson" = @state WHERE "Id" = @id AND "Revision" = @expected
            """, "revision", "state", "id", "expected");
        _deleteSubscriptions = Command(connection, """DELETE FROM message_subscriptions WHERE "InstanceId" = @instanceId""", "instanceId");
        _insertSubscription = Command(connection, """
            INSERT INTO message_subscriptions ("Id", "InstanceId", "MessageName", "CorrelationKey", "SubscriptionJson")
            VALUES (@id, @instanceId, @messageName, @correlationKey, @json)
            """, "id", "instanceId", "messageName", "correlationKey", "json");
        _upsertTask = Command(connection, """
            INSERT INTO tasks ("Id", "InstanceId", "ProcessKey", "ElementId", "Status", "Assignee", "CreatedAtUtcTicks", "DueAtUtcTicks", "TaskJson")
            VALUES (@id, @instanceId, @processKey, @elementId, @status, @assignee, @createdAt, @dueAt, @json)
            ON CONFLICT ("Id") DO UPDATE SET "Status" = excluded."Status", "Assignee" = excluded."Assignee",
                "DueAtUtcTicks" = excluded."DueAtUtcTicks", "TaskJson" = excluded."TaskJson"
            """, "id", "instanceId", "processKey", "elementId", "status", "assignee", "createdAt", "dueAt", "json");
        _insertTask = Command(connection, """
            INSERT INTO tasks ("Id", "InstanceId", "ProcessKey", "ElementId", "Status", "Assignee", "CreatedAtUtcTicks", "DueAtUtcTicks", "TaskJson")
            VALUES (@id, @instanceId, @processKey, @elementId, @status, @assignee, @createdAt, @dueAt, @json)
            """, "id", "instanceId", "processKey", "elementId", "status", "assignee", "createdAt", "dueAt", "json");
        _updateTask = Command(connection, """
            UPDATE tasks SET "Status" = @status, "Assignee" = @assignee, "DueAtUtcTicks" = @dueAt, "TaskJson" = @json WHERE "Id" = @id
            """, "status", "assignee", "dueAt", "json", "id");
        _insertCandidate = Command(connection, """
            INSERT INTO task_candidates ("TaskId", "Kind", "Name") VALUES (@taskId, @kind, @name) ON CONFLICT DO NOTHING
            """, "taskId", "kind", "name");
        _deleteCandidates = Command(connection, """DELETE FROM task_candidates WHERE "TaskId" = @taskId""", "taskId");
        _insertOutbox = Command(connection, """
            INSERT INTO outbox ("LastMessageId", "MessagesJson") VALUES (@lastMessageId, @json)
            """, "lastMessageId", "json");
        _insertIdempotency = Command(connection, """
            INSERT INTO idempotency_keys ("Key", "Result", "AtUtcTicks") VALUES (@key, @result, @at)
            """, "key", "result", "at");
        _insertDefinition = Command(connection, """
            INSERT INTO definitions ("ProcessKey", "Version", "Name", "Xml", "ContentHash", "SourceName", "DeployedAtUtcTicks", "DeployedBy")
            VALUES (@processKey, @version, @name, @xml, @hash, @source, @at, @by)
            """, "processKey", "version", "name", "xml", "hash", "source", "at", "by");
        _markDispatched = Command(connection, """
            UPDATE outbox SET "DispatchedAtUtcTicks" = @at WHERE "LastMessageId" = @messageId AND "DispatchedAtUtcTicks" IS NULL
            """, "at", "messageId");
        // A group commit gives each commit a savepoint: prepared once too, not parsed again for every commit of every batch.
        _savepoint = Command(connection, "SAVEPOINT commit_in_group");
        _releaseSavepoint = Command(connection, "RELEASE SAVEPOINT commit_in_group");
        _rollbackToSavepoint = Command(connection, "ROLLBACK TO SAVEPOINT commit_in_group");

        // In the order of Statement.
        _commands =
        [
            _insertInstance, _updateInstance, _updateInstanceState, _deleteSubscriptions, _insertSubscription, _upsertTask, _insertTask, _updateTask,
            _insertCandidate, _deleteCandidates, HistoryRows(1), _insertOutbox, _insertIdempotency, _insertDefinition, _markDispatched,
        ];
    }

    /// <summary>The steps that write one commit: pure, so it runs on the committing thread.</summary>
    public static List<SqlStep> Plan(EngineCommit commit, long nowTicks)
    {
        var steps = new List<SqlStep>(16);
        foreach (var d in commit.Definitions)
        {
            steps.Add(new(Statement.InsertDefinition, [d.ProcessKey, d.Version, d.Name, d.Xml, d.ContentHash, d.SourceName, Ticks(d.DeployedAt), d.DeployedBy]));
        }

        foreach (var write in commit.Instances)
        {
            PlanInstance(steps, write);
        }

        foreach (var task in commit.Tasks)
        {
            PlanTask(steps, task, commit.NewTaskIds);
        }

        // A command writes a few history lines at once (a completion four): one statement per chunk of them.
        foreach (var chunk in commit.History.Chunk(MaxHistoryRowsPerStatement))
        {
            var values = new object?[chunk.Length * HistoryColumns];
            for (var i = 0; i < chunk.Length; i++)
            {
                var h = chunk[i];
                var row = i * HistoryColumns;
                values[row] = Key(h.InstanceId);
                values[row + 1] = Ticks(h.At);
                values[row + 2] = h.Kind.ToString();
                values[row + 3] = h.ElementId;
                values[row + 4] = h.TaskId;
                values[row + 5] = h.Actor;
                values[row + 6] = h.Data;
                values[row + 7] = h.Lateness?.Ticks;
            }

            steps.Add(new(Statement.InsertHistory, values));
        }

        if (commit.Outbox.Count > 0)
        {
            steps.Add(new(Statement.InsertOutbox, [commit.Outbox[^1].Id, EngineJson.Serialize(commit.Outbox)]));
        }

        if (commit.IdempotencyKey is { } key)
        {
            steps.Add(new(Statement.InsertIdempotency, [key, commit.IdempotentResult ?? string.Empty, nowTicks]));
        }

        return steps;
    }

    /// <summary>Marks the commits whose last outbox message is among <paramref name="messageIds"/> (other ids match no row).</summary>
    public static List<SqlStep> PlanDispatched(IEnumerable<string> messageIds, long nowTicks) =>
        messageIds.Select(id => new SqlStep(Statement.MarkDispatched, [nowTicks, id])).ToList();

    private static void PlanInstance(List<SqlStep> steps, InstanceWrite write)
    {
        var instance = write.Instance;
        var id = Key(instance.Id);
        var state = EngineJson.Serialize(instance);
        var ended = instance.EndedAt is { } endedAt ? Ticks(endedAt) : (long?)null;
        if (write.ExpectedRevision == 0)
        {
            steps.Add(new(Statement.InsertInstance, [id, instance.ProcessKey, instance.DefinitionId, instance.BusinessKey, instance.Status.ToString(),
                Ticks(instance.StartedAt), ended, instance.ParentInstanceId is { } parent ? Key(parent) : null, instance.Revision, state]));
        }
        else
        {
            steps.Add(write.HeaderChanged
                ? new(Statement.UpdateInstance, [instance.DefinitionId, instance.Status.ToString(), ended, instance.Revision, state, id, write.ExpectedRevision], MustChangeARow: true)
                : new(Statement.UpdateInstanceState, [instance.Revision, state, id, write.ExpectedRevision], MustChangeARow: true));
            if (!write.SubscriptionsChanged)
            {
                return;
            }

            steps.Add(new(Statement.DeleteSubscriptions, [id]));
        }

        foreach (var subscription in instance.MessageSubscriptions)
        {
            steps.Add(new(Statement.InsertSubscription, [subscription.Id, Key(subscription.InstanceId), subscription.MessageName,
                subscription.CorrelationKey, EngineJson.Serialize(subscription)]));
        }
    }

    private static void PlanTask(List<SqlStep> steps, HumanTask task, IReadOnlySet<string>? newTaskIds)
    {
        var json = EngineJson.Serialize(task);
        var due = DueTicks(task.DueAt);
        if (newTaskIds is not null && !newTaskIds.Contains(task.Id))
        {
            // An existing task changed (claimed, completed …): once it ends, nobody's inbox offers it any more.
            steps.Add(new(Statement.UpdateTask, [task.Status.ToString(), task.Assignee, due, json, task.Id]));
            if (!task.IsOpen)
            {
                steps.Add(new(Statement.DeleteCandidates, [task.Id]));
            }

            return;
        }

        steps.Add(new(newTaskIds is null ? Statement.UpsertTask : Statement.InsertTask, [task.Id, Key(task.InstanceId), task.ProcessKey, task.ElementId,
            task.Status.ToString(), task.Assignee, Ticks(task.CreatedAt), due, json]));
        if (!task.IsOpen)
        {
            return;
        }

        foreach (var group in task.CandidateGroups.Distinct(StringComparer.Ordinal))
        {
            steps.Add(new(Statement.InsertCandidate, [task.Id, "g", group]));
        }

        foreach (var user in task.CandidateUsers.Distinct(StringComparer.Ordinal))
        {
            steps.Add(new(Statement.InsertCandidate, [task.Id, "u", user]));
        }
    }

    /// <summary>Runs planned steps inside the current transaction; a step that had to change a row and did not throws <see cref="ConcurrencyException"/>.</summary>
    public async Task ExecuteAsync(DbTransaction transaction, IReadOnlyList<SqlStep> steps)
    {
        foreach (var step in steps)
        {
            var command = step.Statement == Statement.InsertHistory ? HistoryRows(step.Values.Length / HistoryColumns) : _commands[(int)step.Statement];
            var changed = await RunAsync(transaction, command, step.Values);
            if (step.MustChangeARow && changed == 0)
            {
                throw new ConcurrencyException($"Another command changed this row first ({step.Statement} of {step.Values[^2]}).");
            }
        }
    }

    /// <summary>The history insert for <paramref name="rows"/> rows, prepared the first time a commit needs it.</summary>
    private DbCommand HistoryRows(int rows)
    {
        if (!_insertHistoryRows.TryGetValue(rows, out var command))
        {
            command = HistoryCommand(_connection, rows);
            _insertHistoryRows[rows] = command;
        }

        return command;
    }

    private static DbCommand HistoryCommand(DbConnection connection, int rows)
    {
        var names = new List<string>(rows * HistoryColumns);
        var tuples = new List<string>(rows);
        for (var r = 0; r < rows; r++)
        {
            string[] row = [$"instanceId{r}", $"at{r}", $"kind{r}", $"elementId{r}", $"taskId{r}", $"actor{r}", $"data{r}", $"lateness{r}"];
            names.AddRange(row);
            tuples.Add("(" + string.Join(", ", row.Select(n => "@" + n)) + ")");
        }

        return Command(connection, HistoryInsert + string.Join(", ", tuples), [.. names]);
    }

    /// <summary>Starts the savepoint of one commit inside a group's transaction.</summary>
    public Task SavepointAsync(DbTransaction transaction) => RunAsync(transaction, _savepoint, []);

    /// <summary>Keeps what the commit since <see cref="SavepointAsync"/> wrote.</summary>
    public Task ReleaseSavepointAsync(DbTransaction transaction) => RunAsync(transaction, _releaseSavepoint, []);

    /// <summary>Undoes what the commit since <see cref="SavepointAsync"/> wrote, and ends its savepoint.</summary>
    public async Task RollbackToSavepointAsync(DbTransaction transaction)
    {
        await RunAsync(transaction, _rollbackToSavepoint, []);
        await RunAsync(transaction, _releaseSavepoint, []);
    }

    private static async Task<int> RunAsync(DbTransaction transaction, DbCommand command, object?[] values)
    {
        command.Transaction = transaction;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        return await command.ExecuteNonQueryAsync();
    }

    private static DbCommand Command(DbConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Concat(_insertHistoryRows.Values).Distinct().Append(_savepoint).Append(_releaseSavepoint).Append(_rollbackToSavepoint))
        {
            await command.DisposeAsync();
        }
    }
}
