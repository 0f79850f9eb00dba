using System.Diagnostics;
using Kinerja.Engine.Deployment;
using Kinerja.Engine.Execution;
using Kinerja.Engine.History;
using Kinerja.Engine.Messages;
using Kinerja.Engine.Storage;
using Kinerja.Engine.Tasks;

namespace Kinerja.Benchmarks;

/// <summary>A count and a total time, added to from any thread.</summary>
internal sealed class Section(string name)
{
    private long _count;
    private long _ticks;

    public string Name { get; } = name;
    public long Count => Interlocked.Read(ref _count);
    public double TotalMs => Interlocked.Read(ref _ticks) * 1000.0 / Stopwatch.Frequency;
    public double MeanMs => Count == 0 ? 0 : TotalMs / Count;

    public void AddSince(long startTimestamp) => Add(Stopwatch.GetTimestamp() - startTimestamp);

    public void Add(long stopwatchTicks)
    {
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _ticks, stopwatchTicks);
    }

    public void Reset()
    {
        Interlocked.Exchange(ref _count, 0);
        Interlocked.Exchange(ref _ticks, 0);
    }
}

/// <summary>
/// The store as the engine sees it, with every call timed: how long a command spends reading, waiting for
/// its commit to be durable, and waiting for the outbox to be marked dispatched. Profiling only.
/// </summary>
internal sealed class TimingStore(IWorkflowStore inner) : IWorkflowStore
{
    public Section FindDefinition { get; } = new("FindDefinitionAsync");
    public Section ListDefinitions { get; } = new("ListDefinitionsAsync");
    public Section LoadInstance { get; } = new("LoadInstanceAsync");
    public Section FindTask { get; } = new("FindTaskAsync");
    public Section FindSubscriptions { get; } = new("FindMessageSubscriptionsAsync");
    public Section QueryTasks { get; } = new("QueryTasksAsync");
    public Section History { get; } = new("GetHistoryAsync");
    public Section FindIdempotent { get; } = new("FindIdempotentResultAsync");
    public Section Commit { get; } = new("CommitAsync (wait until durable)");
    public Section PendingOutbox { get; } = new("GetPendingOutboxAsync");
    public Section MarkDispatched { get; } = new("MarkOutboxDispatchedAsync");

    public IReadOnlyList<Section> Sections =>
        [FindDefinition, ListDefinitions, LoadInstance, FindTask, FindSubscriptions, QueryTasks, History, FindIdempotent, Commit, PendingOutbox, MarkDispatched];

    public void Reset()
    {
        foreach (var section in Sections)
        {
            section.Reset();
        }
    }

    public Task<DeployedDefinition?> FindDefinitionAsync(string processKey, int? version, CancellationToken cancellationToken = default) =>
        TimeAsync(FindDefinition, () => inner.FindDefinitionAsync(processKey, version, cancellationToken));

    public Task<IReadOnlyList<DeployedDefinition>> ListDefinitionsAsync(string? processKey, CancellationToken cancellationToken = default) =>
        TimeAsync(ListDefinitions, () => inner.ListDefinitionsAsync(processKey, cancellationToken));

    public Task<ProcessInstance?> LoadInstanceAsync(Guid instanceId, CancellationToken cancellationToken = default) =>
        TimeAsync(LoadInstance, () => inner.LoadInstanceAsync(instanceId, cancellationToken));

    public Task<HumanTask?> FindTaskAsync(string taskId, CancellationToken cancellationToken = default) =>
        TimeAsync(FindTask, () => inner.FindTaskAsync(taskId, cancellationToken));

    public Task<IReadOnlyList<MessageSubscription>> FindMessageSubscriptionsAsync(string messageName, string? correlationKey, CancellationToken cancellationToken = default) =>
        TimeAsync(FindSubscriptions, () => inner.FindMessageSubscriptionsAsync(messageName, correlationKey, cancellationToken));

    public Task<TaskPage> QueryTasksAsync(TaskQuery query, CancellationToken cancellationToken = default) =>
        TimeAsync(QueryTasks, () => inner.QueryTasksAsync(query, cancellationToken));

    public Task<InstancePage> QueryInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default) =>
        inner.QueryInstancesAsync(query, cancellationToken);

    public Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(Guid instanceId, CancellationToken cancellationToken = default) =>
        TimeAsync(History, () => inner.GetHistoryAsync(instanceId, cancellationToken));

    public Task<string?> FindIdempotentResultAsync(string idempotencyKey, CancellationToken cancellationToken = default) =>
        TimeAsync(FindIdempotent, () => inner.FindIdempotentResultAsync(idempotencyKey, cancellationToken));

    public Task CommitAsync(EngineCommit commit, CancellationToken cancellationToken = default) =>
        TimeAsync(Commit, () => inner.CommitAsync(commit, cancellationToken));

    public Task<IReadOnlyList<OutboxMessage>> GetPendingOutboxAsync(int max, CancellationToken cancellationToken = default) =>
        TimeAsync(PendingOutbox, () => inner.GetPendingOutboxAsync(max, cancellationToken));

    public Task MarkOutboxDispatchedAsync(IReadOnlyCollection<string> messageIds, CancellationToken cancellationToken = default) =>
        TimeAsync(MarkDispatched, () => inner.MarkOutboxDispatchedAsync(messageIds, cancellationToken));

    private static async Task<T> TimeAsync<T>(Section section, Func<Task<T>> call)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            return await call();
        }
        finally
        {
            section.AddSince(start);
        }
    }

    private static async Task TimeAsync(Section section, Func<Task> call)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            await call();
        }
        finally
        {
            section.AddSince(start);
        }
    }
}
