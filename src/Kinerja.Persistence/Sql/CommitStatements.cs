using System.Data.Common;
using Kinerja.Engine.History;
using Kinerja.Engine.Messages;
using Kinerja.Engine.Storage;
using Kinerja.Engine.Tasks;
using static Kinerja.Persistence.RecordMapping;

namespace Kinerja.Persistence.Sql;

/// <summary>
/// The writer's statements, created once on its own connection and reused for every commit, so each
/// runs as a prepared statement. The SQL is plain and portable (quoted identifiers, named parameters,
/// <c>ON CONFLICT</c>): the same text runs on SQLite and PostgreSQL, against the tables the EF Core
/// migrations create.
/// </summary>
internal sealed class CommitStatements : IAsyncDisposable
{
    private readonly DbCommand _insertInstance;
    private readonly DbCommand _updateInstance;
    private readonly DbCommand _deleteSubscriptions;
    private readonly DbCommand _insertSubscription;
    private readonly DbCommand _upsertTask;
    private readonly DbCommand _insertTask;
    private readonly DbCommand _updateTask;
    private readonly DbCommand _insertCandidate;
    private readonly DbCommand _insertHistory;
    private readonly DbCommand _insertOutbox;
    private readonly DbCommand _insertIdempotency;
    private readonly DbCommand _insertDefinition;
    private readonly DbCommand _markDispatched;

    public CommitStatements(DbConnection connection)
    {
        _insertInstance = Command(connection, """
            INSERT INTO instances ("Id", "ProcessKey", "DefinitionId", "BusinessKey", "Status", "StartedAtUtcTicks", "EndedAtUtcTicks", "ParentInstanceId", "Revision", "StateJson")
            VALUES (@id, @processKey, @definitionId, @businessKey, @status, @startedAt, @endedAt, @parentId, @revision, @state)
            """, "id", "processKey", "definitionId", "businessKey", "status", "startedAt", "endedAt", "parentId", "revision", "state");
        _updateInstance = Command(connection, """
            UPDATE instances SET "DefinitionId" = @definitionId, "Status" = @status, "EndedAtUtcTicks" = @endedAt, "Revision" = @revision, "StateJson" = @state
            WHERE "Id" = @id AND "Revision" = @expected
            """, "definitionId", "status", "endedAt", "revision", "state", "id", "expected");
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
        _insertHistory = Command(connection, """
            INSERT INTO history ("InstanceId", "AtUtcTicks", "Kind", "ElementId", "TaskId", "Actor", "Data", "LatenessTicks")
            VALUES (@instanceId, @at, @kind, @elementId, @taskId, @actor, @data, @lateness)
            """, "instanceId", "at", "kind", "elementId", "taskId", "actor", "data", "lateness");
        _insertOutbox = Command(connection, """
            INSERT INTO outbox ("MessageId", "MessageJson") VALUES (@messageId, @json)
            """, "messageId", "json");
        _insertIdempotency = Command(connection, """
            INSERT INTO idempotency_keys ("Key", "Result", "AtUtcTicks") VALUES (@key, @result, @at)
            """, "key", "result", "at");
        _insertDefinition = Command(connection, """
            INSERT INTO definitions ("ProcessKey", "Version", "Name", "Xml", "ContentHash", "SourceName", "DeployedAtUtcTicks", "DeployedBy")
            VALUES (@processKey, @version, @name, @xml, @hash, @source, @at, @by)
            """, "processKey", "version", "name", "xml", "hash", "source", "at", "by");
        _markDispatched = Command(connection, """
            UPDATE outbox SET "DispatchedAtUtcTicks" = @at WHERE "MessageId" = @messageId AND "DispatchedAtUtcTicks" IS NULL
            """, "at", "messageId");
    }

    /// <summary>Writes one commit inside the current transaction; a stale instance revision throws <see cref="ConcurrencyException"/>.</summary>
    public async Task ApplyAsync(DbTransaction transaction, EngineCommit commit, long nowTicks)
    {
        foreach (var definition in commit.Definitions)
        {
            await RunAsync(transaction, _insertDefinition, definition.ProcessKey, definition.Version, definition.Name, definition.Xml,
                definition.ContentHash, definition.SourceName, Ticks(definition.DeployedAt), definition.DeployedBy);
        }

        foreach (var write in commit.Instances)
        {
            await WriteInstanceAsync(transaction, write);
        }

        foreach (var task in commit.Tasks)
        {
            await WriteTaskAsync(transaction, task, commit.NewTaskIds);
        }

        foreach (var entry in commit.History)
        {
            await WriteHistoryAsync(transaction, entry);
        }

        foreach (var message in commit.Outbox)
        {
            await RunAsync(transaction, _insertOutbox, message.Id, EngineJson.Serialize(message));
        }

        if (commit.IdempotencyKey is { } key)
        {
            await RunAsync(transaction, _insertIdempotency, key, commit.IdempotentResult ?? string.Empty, nowTicks);
        }
    }

    public Task MarkDispatchedAsync(DbTransaction transaction, string messageId, long nowTicks) =>
        RunAsync(transaction, _markDispatched, nowTicks, messageId);

    private async Task WriteInstanceAsync(DbTransaction transaction, InstanceWrite write)
    {
        var instance = write.Instance;
        var id = Key(instance.Id);
        var state = EngineJson.Serialize(instance);
        var ended = instance.EndedAt is { } endedAt ? Ticks(endedAt) : (long?)null;
        if (write.ExpectedRevision == 0)
        {
            await RunAsync(transaction, _insertInstance, id, instance.ProcessKey, instance.DefinitionId, instance.BusinessKey, instance.Status.ToString(),
                Ticks(instance.StartedAt), ended, instance.ParentInstanceId is { } parent ? Key(parent) : null, instance.Revision, state);
        }
        else
        {
            var updated = await RunAsync(transaction, _updateInstance, instance.DefinitionId, instance.Status.ToString(), ended, instance.Revision, state, id, write.ExpectedRevision);
            if (updated == 0)
            {
                throw new ConcurrencyException($"Instance {instance.Id} is no longer at revision {write.ExpectedRevision}.");
            }

            if (!write.SubscriptionsChanged)
            {
                return;
            }

            await RunAsync(transaction, _deleteSubscriptions, id);
        }

        foreach (var subscription in instance.MessageSubscriptions)
        {
            await WriteSubscriptionAsync(transaction, subscription);
        }
    }

    private Task<int> WriteSubscriptionAsync(DbTransaction transaction, MessageSubscription subscription) =>
        RunAsync(transaction, _insertSubscription, subscription.Id, Key(subscription.InstanceId), subscription.MessageName,
            subscription.CorrelationKey, EngineJson.Serialize(subscription));

    private async Task WriteTaskAsync(DbTransaction transaction, HumanTask task, IReadOnlySet<string>? newTaskIds)
    {
        var json = EngineJson.Serialize(task);
        var due = task.DueAt is { } dueAt ? Ticks(dueAt) : (long?)null;
        if (newTaskIds is not null && !newTaskIds.Contains(task.Id))
        {
            // An existing task changed (claimed, completed …): its candidates stay as they were.
            await RunAsync(transaction, _updateTask, task.Status.ToString(), task.Assignee, due, json, task.Id);
            return;
        }

        await RunAsync(transaction, newTaskIds is null ? _upsertTask : _insertTask, task.Id, Key(task.InstanceId), task.ProcessKey, task.ElementId,
            task.Status.ToString(), task.Assignee, Ticks(task.CreatedAt), due, json);
        foreach (var group in task.CandidateGroups.Distinct(StringComparer.Ordinal))
        {
            await RunAsync(transaction, _insertCandidate, task.Id, "g", group);
        }

        foreach (var user in task.CandidateUsers.Distinct(StringComparer.Ordinal))
        {
            await RunAsync(transaction, _insertCandidate, task.Id, "u", user);
        }
    }

    private Task<int> WriteHistoryAsync(DbTransaction transaction, HistoryEntry entry) =>
        RunAsync(transaction, _insertHistory, Key(entry.InstanceId), Ticks(entry.At), entry.Kind.ToString(), entry.ElementId, entry.TaskId,
            entry.Actor, entry.Data, entry.Lateness?.Ticks);

    private static async Task<int> RunAsync(DbTransaction transaction, DbCommand command, params object?[] values)
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
        foreach (var command in new[] { _insertInstance, _updateInstance, _deleteSubscriptions, _insertSubscription, _upsertTask, _insertTask, _updateTask, _insertCandidate, _insertHistory, _insertOutbox, _insertIdempotency, _insertDefinition, _markDispatched })
        {
            await command.DisposeAsync();
        }
    }
}
