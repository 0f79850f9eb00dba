using Kinerja.Engine.Deployment;
using Kinerja.Engine.Execution;
using Kinerja.Engine.History;
using Kinerja.Engine.Messages;
using Kinerja.Engine.Tasks;

namespace Kinerja.Engine.Storage;

/// <summary>
/// Where the engine keeps definitions, instances, tasks, history and its outbox. A store hands out
/// independent copies: changing a loaded instance changes nothing until it is committed.
/// </summary>
public interface IWorkflowStore
{
    /// <summary>The given version, or the latest when <paramref name="version"/> is null.</summary>
    Task<DeployedDefinition?> FindDefinitionAsync(string processKey, int? version, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<DeployedDefinition>> ListDefinitionsAsync(string? processKey, CancellationToken cancellationToken = default);

    Task<ProcessInstance?> LoadInstanceAsync(Guid instanceId, CancellationToken cancellationToken = default);

    Task<HumanTask?> FindTaskAsync(string taskId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<MessageSubscription>> FindMessageSubscriptionsAsync(string messageName, string? correlationKey, CancellationToken cancellationToken = default);

    Task<TaskPage> QueryTasksAsync(TaskQuery query, CancellationToken cancellationToken = default);

    Task<InstancePage> QueryInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(Guid instanceId, CancellationToken cancellationToken = default);

    /// <summary>The stored result of a command already applied under this key, or null.</summary>
    Task<string?> FindIdempotentResultAsync(string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>Writes all of the commit or nothing; throws <see cref="ConcurrencyException"/> when an instance moved on.</summary>
    Task CommitAsync(EngineCommit commit, CancellationToken cancellationToken = default);

    /// <summary>Messages not yet marked dispatched, in commit order (a store may hand out whole commits).</summary>
    Task<IReadOnlyList<OutboxMessage>> GetPendingOutboxAsync(int max, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records that these messages reached their ports. Dispatch is at least once: a store may hand a message
    /// out again after a crash or a partial failure, so the ports take each id once (timers are keyed,
    /// notifications carry stable ids).
    /// </summary>
    Task MarkOutboxDispatchedAsync(IReadOnlyCollection<string> messageIds, CancellationToken cancellationToken = default);
}
