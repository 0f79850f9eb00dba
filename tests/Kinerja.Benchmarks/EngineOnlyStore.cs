using Kinerja.Engine.Storage;
using Kinerja.Testing;

namespace Kinerja.Benchmarks;

/// <summary>
/// <see cref="InMemoryWorkflowStore"/> without outbox bookkeeping, to measure what the engine itself
/// costs. (Its <c>MarkOutboxDispatchedAsync</c> scans the whole outbox under its lock, so over thousands
/// of commands it would measure that scan instead.) Profiling only.
/// </summary>
internal sealed class EngineOnlyStore() : DelegatingWorkflowStore(new InMemoryWorkflowStore())
{
    public override Task<IReadOnlyList<OutboxMessage>> GetPendingOutboxAsync(int max, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<OutboxMessage>>([]);

    public override Task MarkOutboxDispatchedAsync(IReadOnlyCollection<string> messageIds, CancellationToken cancellationToken = default) =>
        Task.CompletedTask;
}
