namespace Kinerja.Persistence;

public sealed record StoreOptions
{
    /// <summary>How many commits one transaction takes at most; the commit that fills it is flushed at once.</summary>
    public int MaxBatchSize { get; init; } = 128;

    /// <summary>
    /// Runs the writer's queued <c>COMMIT</c>. By default a thread-pool work item, queued behind the work the pool already has;
    /// tests hold it to see what waits for it.
    /// </summary>
    internal Action<Action>? CommitScheduler { get; init; }
}
