using Kinerja.Engine.Deployment;
using Kinerja.Engine.Execution;
using Kinerja.Engine.History;
using Kinerja.Engine.Messages;
using Kinerja.Engine.Tasks;

namespace Kinerja.Engine.Storage;

/// <summary>
/// A store in memory, for tests and the CLI. Instances are kept as JSON, so every load is an
/// independent copy and whatever is not serializable fails here first.
/// </summary>
public sealed class InMemoryWorkflowStore : IWorkflowStore
{
    private readonly Lock _gate = new();
    private readonly List<DeployedDefinition> _definitions = [];
    private readonly Dictionary<Guid, (string Json, long Revision)> _instances = [];
    private readonly Dictionary<string, string> _tasks = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, List<MessageSubscription>> _subscriptions = [];
    private readonly Dictionary<Guid, List<HistoryEntry>> _history = [];
    private readonly Dictionary<string, string> _idempotency = new(StringComparer.Ordinal);
    private readonly List<(OutboxMessage Message, bool Dispatched)> _outbox = [];
    private readonly Dictionary<string, int> _outboxIndex = new(StringComparer.Ordinal);

    public Task<DeployedDefinition?> FindDefinitionAsync(string processKey, int? version, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var versions = _definitions.Where(d => d.ProcessKey == processKey);
            return Task.FromResult(version is null
                ? versions.MaxBy(d => d.Version)
                : versions.FirstOrDefault(d => d.Version == version));
        }
    }

    public Task<IReadOnlyList<DeployedDefinition>> ListDefinitionsAsync(string? processKey, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<DeployedDefinition> list = _definitions
                .Where(d => processKey is null || d.ProcessKey == processKey)
                .OrderBy(d => d.ProcessKey, StringComparer.Ordinal).ThenBy(d => d.Version)
                .ToList();
            return Task.FromResult(list);
        }
    }

    public Task<ProcessInstance?> LoadInstanceAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_instances.TryGetValue(instanceId, out var stored)
                ? EngineJson.Deserialize<ProcessInstance>(stored.Json)
                : null);
        }
    }

    public Task<HumanTask?> FindTaskAsync(string taskId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_tasks.TryGetValue(taskId, out var json) ? EngineJson.Deserialize<HumanTask>(json) : null);
        }
    }

    public Task<IReadOnlyList<MessageSubscription>> FindMessageSubscriptionsAsync(string messageName, string? correlationKey, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<MessageSubscription> found = _subscriptions.Values
                .SelectMany(s => s)
                .Where(s => s.MessageName == messageName && (correlationKey is null || s.CorrelationKey == correlationKey))
                .ToList();
            return Task.FromResult(found);
        }
    }

    public Task<TaskPage> QueryTasksAsync(TaskQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_gate)
        {
            var matching = _tasks.Values
                .Select(EngineJson.Deserialize<HumanTask>)
                .Where(t => TaskQueryMatcher.Matches(t, query))
                .OrderBy(t => t.DueAt ?? DateTimeOffset.MaxValue)
                .ThenBy(t => t.CreatedAt)
                .ThenBy(t => t.Id, StringComparer.Ordinal)
                .ToList();
            return Task.FromResult(new TaskPage(matching.Skip(query.Skip).Take(query.Take).ToList(), matching.Count));
        }
    }

    public Task<InstancePage> QueryInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_gate)
        {
            var matching = _instances.Values
                .Select(stored => EngineJson.Deserialize<ProcessInstance>(stored.Json))
                .Where(i => (query.ProcessKey is null || i.ProcessKey == query.ProcessKey)
                    && (query.Status is null || i.Status == query.Status)
                    && (query.BusinessKey is null || i.BusinessKey == query.BusinessKey)
                    && (query.StartedFrom is null || i.StartedAt >= query.StartedFrom)
                    && (query.StartedBefore is null || i.StartedAt < query.StartedBefore))
                .OrderByDescending(i => i.StartedAt)
                .ThenByDescending(i => i.Id)
                .Select(i => new InstanceSummary(i.Id, i.ProcessKey, i.DefinitionId, i.BusinessKey, i.Status, i.StartedAt, i.EndedAt))
                .ToList();
            return Task.FromResult(new InstancePage(matching.Skip(query.Skip).Take(query.Take).ToList(), matching.Count));
        }
    }

    public Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<HistoryEntry> entries = _history.TryGetValue(instanceId, out var list) ? list.ToList() : [];
            return Task.FromResult(entries);
        }
    }

    public Task<string?> FindIdempotentResultAsync(string idempotencyKey, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_idempotency.GetValueOrDefault(idempotencyKey));
        }
    }

    public Task CommitAsync(EngineCommit commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        lock (_gate)
        {
            // Check everything before changing anything: a commit applies whole or not at all.
            foreach (var write in commit.Instances)
            {
                var stored = _instances.TryGetValue(write.Instance.Id, out var s) ? s.Revision : 0;
                if (stored != write.ExpectedRevision)
                {
                    throw new ConcurrencyException($"Instance {write.Instance.Id} is at revision {stored}, not {write.ExpectedRevision}.");
                }
            }

            if (commit.IdempotencyKey is not null && _idempotency.ContainsKey(commit.IdempotencyKey))
            {
                throw new ConcurrencyException($"A command with idempotency key '{commit.IdempotencyKey}' was applied meanwhile.");
            }

            foreach (var definition in commit.Definitions)
            {
                if (_definitions.Any(d => d.ProcessKey == definition.ProcessKey && d.Version == definition.Version))
                {
                    throw new ConcurrencyException($"Version {definition.Version} of '{definition.ProcessKey}' was deployed meanwhile.");
                }
            }

            _definitions.AddRange(commit.Definitions);
            foreach (var write in commit.Instances)
            {
                _instances[write.Instance.Id] = (EngineJson.Serialize(write.Instance), write.Instance.Revision);
                _subscriptions[write.Instance.Id] = EngineJson.Clone(write.Instance.MessageSubscriptions);
            }

            foreach (var task in commit.Tasks)
            {
                _tasks[task.Id] = EngineJson.Serialize(task);
            }

            foreach (var entry in commit.History)
            {
                if (!_history.TryGetValue(entry.InstanceId, out var list))
                {
                    _history[entry.InstanceId] = list = [];
                }

                list.Add(entry);
            }

            foreach (var message in commit.Outbox)
            {
                _outboxIndex[message.Id] = _outbox.Count;
                _outbox.Add((message, false));
            }
            if (commit.IdempotencyKey is not null)
            {
                _idempotency[commit.IdempotencyKey] = commit.IdempotentResult ?? string.Empty;
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<OutboxMessage>> GetPendingOutboxAsync(int max, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<OutboxMessage> pending = _outbox.Where(o => !o.Dispatched).Take(max).Select(o => o.Message).ToList();
            return Task.FromResult(pending);
        }
    }

    public Task MarkOutboxDispatchedAsync(IReadOnlyCollection<string> messageIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageIds);
        lock (_gate)
        {
            foreach (var id in messageIds)
            {
                if (_outboxIndex.TryGetValue(id, out var index))
                {
                    _outbox[index] = (_outbox[index].Message, true);
                }
            }
        }

        return Task.CompletedTask;
    }
}
