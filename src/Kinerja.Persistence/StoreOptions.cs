using System.Data.Common;

namespace Kinerja.Persistence;

public sealed record StoreOptions
{
    /// <summary>How many commits one transaction takes at most; the commit that fills it is flushed at once.</summary>
    public int MaxBatchSize { get; init; } = 128;

    /// <summary>
    /// SQLite: the writer leaves copying its write-ahead log into the database file to <see cref="EfWorkflowStore.CheckpointAsync"/>,
    /// which a host calls when no one is waiting. Otherwise SQLite does it inside whichever <c>COMMIT</c> takes the log past 1,000
    /// pages, and every commit of the group, and every request waiting on one, waits 9–14 ms more for it (the copy and a flush of the database file).
    /// Should nobody call, the writer still does it itself past <see cref="DeferredCheckpointLimitPages"/>.
    /// </summary>
    public bool DeferCheckpoints { get; init; }

    /// <summary>With <see cref="DeferCheckpoints"/>: the log's length in pages at which the writer checkpoints by itself after all.</summary>
    public int DeferredCheckpointLimitPages { get; init; } = 4000;

    /// <summary>
    /// How much of the instances last committed is kept in memory for the next command on them (<see cref="InstanceCache"/>),
    /// in parts: an instance, each of its executions, tasks, timers and message subscriptions, and each variable. The
    /// benchmark's instance is 7 parts, the seed SOP fanned out to 42 SKPDs about 260; a part is a few hundred bytes. 0 keeps none.
    /// </summary>
    public int InstanceCacheParts { get; init; } = 20_000;

    /// <summary>
    /// This store is its database's only writer (SQLite: one host process holds the file): a copy in the instance cache is
    /// the instance's last revision, handed out without asking the database which revision it holds (a keyed read on every
    /// command, in a burst about a twentieth of a completion's CPU). The commit still writes only over the revision its
    /// command started from, so should another process write after all, that command fails once and is tried again from
    /// the database. Off (the default) where several hosts share the database.
    /// </summary>
    public bool SoleWriter { get; init; }

    /// <summary>
    /// Runs the writer's queued <c>COMMIT</c>. By default a thread-pool work item, queued behind the work the pool already has;
    /// tests hold it to see what waits for it.
    /// </summary>
    internal Action<Action>? CommitScheduler { get; init; }

    /// <summary>SQLite: called on the flush thread before each flush of the log; tests hold a flush or make it fail with it.</summary>
    internal Action? BeforeLogFlush { get; init; }

    /// <summary>Called with the writer's connection each time it is opened; tests watch its <c>COMMIT</c>s with it.</summary>
    internal Action<DbConnection>? WriterConnectionOpened { get; init; }
}
