using Kinerja.Engine.Deployment;
using Kinerja.Engine.Execution;
using Kinerja.Engine.History;
using Kinerja.Engine.Messages;
using Kinerja.Engine.Storage;
using Kinerja.Engine.Tasks;

namespace Kinerja.Benchmarks;

/// <summary>
/// <see cref="InMemoryWorkflowStore"/> without outbox bookkeeping, to measure what the engine itself
/// costs. (Its <c>MarkOutboxDispatchedAsync</c> scans the whole outbox under its lock, so over thousands
/// of commands it would measure that scan instead.) Profiling only.
/// </summary>
internal sealed class EngineOnlyStore : IWorkflowStore
{
    private readonly InMemoryWorkflowStore _inner = new();

    public Task<DeployedDefinition?> FindDefinitionAsync(string processKey, int? version, CancellationToken cancellationToken = default) =>
        _inner.FindDefinitionAsync(processKey, version, cancellationToken);

    public Task<IReadOnlyList<DeployedDefinition>> ListDefinitionsAsync(string? processKey, CancellationToken cancellationToken = default) =>
        _inner.ListDefinitionsAsync(processKey, cancellationToken);

    public Task<ProcessInstance?> LoadInstanceAsync(Guid instanceId, CancellationToken cancellationToken = default) =>
        _inner.LoadInstanceAsync(instanceId, cancellationToken);

    public Task<HumanTask?> FindTaskAsync(string taskId, CancellationToken cancellationToken = default) =>
        _inner.FindTaskAsync(taskId, cancellationToken);

    public Task<IReadOnlyList<MessageSubscription>> FindMessageSubscriptionsAsync(string messageName, string? correlationKey, CancellationToken cancellationToken = default) =>
        _inner.FindMessageSubscriptionsAsync(messageName, correlationKey, cancellationToken);

    public Task<TaskPage> QueryTasksAsync(TaskQuery query, CancellationToken cancellationToken = default) =>
        _inner.QueryTasksAsync(query, cancellationToken);

    public Task<InstancePage> QueryInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default) =>
        _inner.QueryInstancesAsync(query, cancellationToken);

    public Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(Guid instanceId, CancellationToken cancellationToken = default) =>
        _inner.GetHistoryAsync(instanceId, cancellationToken);

    public Task<string?> FindIdempotentResultAsync(string idempotencyKey, CancellationToken cancellationToken = default) =>
        _inner.FindIdempotentResultAsync(idempotencyKey, cancellationToken);

    public Task CommitAsync(EngineCommit commit, CancellationToken cancellationToken = default) =>
        _inner.CommitAsync(commit, cancellationToken);

    public Task<IReadOnlyList<OutboxMessage>> GetPendingOutboxAsync(int max, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<OutboxMessage>>([]);

    public Task MarkOutboxDispatchedAsync(IReadOnlyCollection<string> messageIds, CancellationToken cancellationToken = default) =>
        Task.CompletedTask;
}
