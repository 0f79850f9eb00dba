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
/// runs as a prepared statement (<see cref="PreparedStatement"/>). The SQL is plain and portable (quoted identifiers, named parameters,
/// <c>ON CONFLICT</c>): the same text runs on SQLite and PostgreSQL, against the tables the EF Core
/// migrations create. Turning a commit into steps (<see cref="Plan"/>, JSON included) happens on the
/// caller's thread; the single writer only runs them.
/// </summary>
internal sealed class CommitStatements : IAsyncDisposable
{
    private readonly PreparedStatement _insertInstance;
    private readonly PreparedStatement _updateInstance;
    private readonly PreparedStatement _updateInstanceState;
    private readonly PreparedStatement _deleteSubscriptions;
    private readonly PreparedStatement _insertSubscription;
    private readonly PreparedStatement _upsertTask;
    private readonly PreparedStatement _insertTask;
    private readonly PreparedStatement _updateTask;
    private readonly PreparedStatement _insertCandidate;
    private readonly PreparedStatement _deleteCandidates;
    private readonly DbConnection _connection;
    private readonly Dictionary<int, PreparedStatement> _insertHistoryRows = [];
    private readonly PreparedStatement _insertOutbox;
    private readonly PreparedStatement _insertIdempotency;
    private readonly PreparedStatement _insertDefinition;
    private readonly PreparedStatement _markDispatched;
    private readonly PreparedStatement[] _statements;
    private readonly PreparedStatement _savepoint;
    private readonly PreparedStatement _releaseSavepoint;
    private readonly PreparedStatement _rollbackToSavepoint;

    /// <summary>The values of one history row in a <see cref="Statement.InsertHistory"/> step.</summary>
    public const int HistoryColumns = 8;

    /// <summary>The most history rows one statement inserts; a commit with more runs several.</summary>
    public const int MaxHistoryRowsPerStatement = 8;

    private const string HistoryInsert = """INSERT INTO history ("InstanceId", "AtUtcTicks", "Kind", "ElementId", "TaskId", "Actor", "Data", "LatenessTicks") VALUES """;

    public CommitStatements(DbConnection connection)
    {
        _connection = connection;
        _insertInstance = Prepare(connection, """
            INSERT INTO instances ("Id", "ProcessKey", "DefinitionId", "BusinessKey", "Status", "StartedAtUtcTicks", "EndedAtUtcTicks", "ParentInstanceId", "Revision", "StateJson")
            VALUES (@id, @processKey, @definitionId, @businessKey, @status, @startedAt, @endedAt, @parentId, @revision, @state)
            """, "id", "processKey", "definitionId", "businessKey", "status", "startedAt", "endedAt", "parentId", "revision", "state");
        _updateInstance = Prepare(connection, """
            UPDATE instances SET "DefinitionId" = @definitionId, "Status" = @status, "EndedAtUtcTicks" = @endedAt, "Revision" = @revision, "StateJson" = @state
            WHERE "Id" = @id AND "Revision" = @expected
            """, "definitionId", "status", "endedAt", "revision", "state", "id", "expected");
        // When the columns the instance indexes (status, definition) keep their values, leaving them out of SET spares
        // SQLite the index rewrite it does for every indexed column named there.
        _updateInstanceState = Prepare(connection, """
            UPDATE instances SET "Revision" = @revision, "StateJson" = @state WHERE "Id" = @id AND "Revision" = @expected
            """, "revision", "state", "id", "expected");
        _deleteSubscriptions = Prepare(connection, """DELETE FROM message_subscriptions WHERE "InstanceId" = @instanceId""", "instanceId");
        _insertSubscription = Prepare(connection, """
            INSERT INTO message_subscriptions ("Id", "InstanceId", "MessageName", "CorrelationKey", "SubscriptionJson")
            VALUES (@id, @instanceId, @messageName, @correlationKey, @json)
            """, "id", "instanceId", "messageName", "correlationKey", "json");
        _upsertTask = Prepare(connection, """
            INSERT INTO tasks ("Id", "InstanceId", "ProcessKey", "ElementId", "Status", "Assignee", "CreatedAtUtcTicks", "DueAtUtcTicks", "TaskJson")
            VALUES (@id, @instanceId, @processKey, @elementId, @status, @assignee, @createdAt, @dueAt, @json)
            ON CONFLICT ("Id") DO UPDATE SET "Status" = excluded."Status", "Assignee" = excluded."Assignee",
                "DueAtUtcTicks" = excluded."DueAtUtcTicks", "TaskJson" = excluded."TaskJson"
            """, "id", "instanceId", "processKey", "elementId", "status", "assignee", "createdAt", "dueAt", "json");
        _insertTask = Prepare(connection, """
            INSERT INTO tasks ("Id", "InstanceId", "ProcessKey", "ElementId", "Status", "Assignee", "CreatedAtUtcTicks", "DueAtUtcTicks", "TaskJson")
            VALUES (@id, @instanceId, @processKey, @elementId, @status, @assignee, @createdAt, @dueAt, @json)
            """, "id", "instanceId", "processKey", "elementId", "status", "assignee", "createdAt", "dueAt", "json");
        _updateTask = Prepare(connection, """
            UPDATE tasks SET "Status" = @status, "Assignee" = @assignee, "DueAtUtcTicks" = @dueAt, "TaskJson" = @json WHERE "Id" = @id
            """, "status", "assignee", "dueAt", "json", "id");
        _insertCandidate = Prepare(connection, """
            INSERT INTO task_candidates ("TaskId", "Kind", "Name") VALUES (@taskId, @kind, @name) ON CONFLICT DO NOTHING
            """, "taskId", "kind", "name");
        _deleteCandidates = Prepare(connection, """DELETE FROM task_candidates WHERE "TaskId" = @taskId""", "taskId");
        _insertOutbox = Prepare(connection, """
            INSERT INTO outbox ("LastMessageId", "MessagesJson") VALUES (@lastMessageId, @json)
            """, "lastMessageId", "json");
        _insertIdempotency = Prepare(connection, """
            INSERT INTO idempotency_keys ("Key", "Result", "AtUtcTicks") VALUES (@key, @result, @at)
            """, "key", "result", "at");
        _insertDefinition = Prepare(connection, """
            INSERT INTO definitions ("ProcessKey", "Version", "Name", "Xml", "ContentHash", "SourceName", "DeployedAtUtcTicks", "DeployedBy")
            VALUES (@processKey, @version, @name, @xml, @hash, @source, @at, @by)
            """, "processKey", "version", "name", "xml", "hash", "source", "at", "by");
        _markDispatched = Prepare(connection, """
            UPDATE outbox SET "DispatchedAtUtcTicks" = @at WHERE "LastMessageId" = @messageId AND "DispatchedAtUtcTicks" IS NULL
            """, "at", "messageId");
        // A group commit gives each commit a savepoint: prepared once too, not parsed again for every commit of every batch.
        _savepoint = Prepare(connection, "SAVEPOINT commit_in_group");
        _releaseSavepoint = Prepare(connection, "RELEASE SAVEPOINT commit_in_group");
        _rollbackToSavepoint = Prepare(connection, "ROLLBACK TO SAVEPOINT commit_in_group");

        // In the order of Statement.
        _statements =
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
            steps.Add(new(Statement.InsertOutbox, [commit.Outbox[^1].Id, Json(commit.Outbox)]));
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
        var state = Json(instance);
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
                subscription.CorrelationKey, Json(subscription)]));
        }
    }

    private static void PlanTask(List<SqlStep> steps, HumanTask task, IReadOnlySet<string>? newTaskIds)
    {
        var json = Json(task);
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

    /// <summary>State as the JSON column holds it, encoded once: UTF-8 from the serializer, bound as it is.</summary>
    private static Utf8Text Json<T>(T value) => new(EngineJson.SerializeToUtf8Bytes(value));

    /// <summary>Runs planned steps inside the current transaction; a step that had to change a row and did not throws <see cref="ConcurrencyException"/>.</summary>
    public async Task ExecuteAsync(DbTransaction transaction, IReadOnlyList<SqlStep> steps)
    {
        foreach (var step in steps)
        {
            await RunAsync(transaction, step);
        }
    }

    /// <summary>Runs one planned step; one that had to change a row and did not throws <see cref="ConcurrencyException"/> (having written nothing).</summary>
    public async ValueTask RunAsync(DbTransaction transaction, SqlStep step)
    {
        var statement = step.Statement == Statement.InsertHistory ? HistoryRows(step.Values.Length / HistoryColumns) : _statements[(int)step.Statement];
        var changed = await statement.RunAsync(transaction, step.Values);
        if (step.MustChangeARow && changed == 0)
        {
            throw new ConcurrencyException($"Another command changed this row first ({step.Statement} of {step.Values[^2]}).");
        }
    }

    /// <summary>The history insert for <paramref name="rows"/> rows, prepared the first time a commit needs it.</summary>
    private PreparedStatement HistoryRows(int rows)
    {
        if (!_insertHistoryRows.TryGetValue(rows, out var statement))
        {
            statement = HistoryStatement(_connection, rows);
            _insertHistoryRows[rows] = statement;
        }

        return statement;
    }

    private static PreparedStatement HistoryStatement(DbConnection connection, int rows)
    {
        var names = new List<string>(rows * HistoryColumns);
        var tuples = new List<string>(rows);
        for (var r = 0; r < rows; r++)
        {
            string[] row = [$"instanceId{r}", $"at{r}", $"kind{r}", $"elementId{r}", $"taskId{r}", $"actor{r}", $"data{r}", $"lateness{r}"];
            names.AddRange(row);
            tuples.Add("(" + string.Join(", ", row.Select(n => "@" + n)) + ")");
        }

        return Prepare(connection, HistoryInsert + string.Join(", ", tuples), [.. names]);
    }

    /// <summary>Starts the savepoint of one commit inside a group's transaction.</summary>
    public async ValueTask SavepointAsync(DbTransaction transaction) => await _savepoint.RunAsync(transaction, []);

    /// <summary>Keeps what the commit since <see cref="SavepointAsync"/> wrote.</summary>
    public async ValueTask ReleaseSavepointAsync(DbTransaction transaction) => await _releaseSavepoint.RunAsync(transaction, []);

    /// <summary>Undoes what the commit since <see cref="SavepointAsync"/> wrote, and ends its savepoint.</summary>
    public async Task RollbackToSavepointAsync(DbTransaction transaction)
    {
        await _rollbackToSavepoint.RunAsync(transaction, []);
        await _releaseSavepoint.RunAsync(transaction, []);
    }

    private static PreparedStatement Prepare(DbConnection connection, string sql, params string[] parameters) =>
        PreparedStatement.Create(connection, sql, parameters);

    public async ValueTask DisposeAsync()
    {
        foreach (var statement in _statements.Concat(_insertHistoryRows.Values).Distinct().Append(_savepoint).Append(_releaseSavepoint).Append(_rollbackToSavepoint))
        {
            await statement.DisposeAsync();
        }
    }
}
