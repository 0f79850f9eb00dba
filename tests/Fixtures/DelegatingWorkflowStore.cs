using Kinerja.Engine.Deployment;
using Kinerja.Engine.Execution;
using Kinerja.Engine.History;
using Kinerja.Engine.Messages;
using Kinerja.Engine.Storage;
using Kinerja.Engine.Tasks;

namespace Kinerja.Testing;

/// <summary>
/// A store that hands every call to <see cref="Inner"/>; a test or benchmark overrides the one or two calls it changes
/// (this one file is compiled into each project that needs it).
/// </summary>
internal abstract class DelegatingWorkflowStore(IWorkflowStore inner) : IWorkflowStore
{
    protected IWorkflowStore Inner { get; } = inner;

    public virtual Task<DeployedDefinition?> FindDefinitionAsync(string processKey, int? version, CancellationToken cancellationToken = default) =>
        Inner.FindDefinitionAsync(processKey, version, cancellationToken);

    public virtual Task<IReadOnlyList<DeployedDefinition>> ListDefinitionsAsync(string? processKey, CancellationToken cancellationToken = default) =>
        Inner.ListDefinitionsAsync(processKey, cancellationToken);

    public virtual Task<ProcessInstance?> LoadInstanceAsync(Guid instanceId, CancellationToken cancellationToken = default) =>
        Inner.LoadInstanceAsync(instanceId, cancellationToken);

    public virtual Task<HumanTask?> FindTaskAsync(string taskId, CancellationToken cancellationToken = default) =>
        Inner.FindTaskAsync(taskId, cancellationToken);

    public virtual Task<IReadOnlyList<MessageSubscription>> FindMessageSubscriptionsAsync(string messageName, string? correlationKey, CancellationToken cancellationToken = default) =>
        Inner.FindMessageSubscriptionsAsync(messageName, correlationKey, cancellationToken);

    public virtual Task<TaskPage> QueryTasksAsync(TaskQuery query, CancellationToken cancellationToken = default) =>
        Inner.QueryTasksAsync(query, cancellationToken);

    public virtual Task<InstancePage> QueryInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default) =>
        Inner.QueryInstancesAsync(query, cancellationToken);

    public virtual Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(Guid instanceId, CancellationToken cancellationToken = default) =>
        Inner.GetHistoryAsync(instanceId, cancellationToken);

    public virtual Task<string?> FindIdempotentResultAsync(string idempotencyKey, CancellationToken cancellationToken = default) =>
        Inner.FindIdempotentResultAsync(idempotencyKey, cancellationToken);

    public virtual Task CommitAsync(EngineCommit commit, CancellationToken cancellationToken = default) =>
        Inner.CommitAsync(commit, cancellationToken);

    public virtual Task<IReadOnlyList<OutboxMessage>> GetPendingOutboxAsync(int max, CancellationToken cancellationToken = default) =>
        Inner.GetPendingOutboxAsync(max, cancellationToken);

    public virtual Task MarkOutboxDispatchedAsync(IReadOnlyCollection<string> messageIds, CancellationToken cancellationToken = default) =>
        Inner.MarkOutboxDispatchedAsync(messageIds, cancellationToken);
}
