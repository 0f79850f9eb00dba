using System.Collections.Concurrent;
using Kinerja.Engine.History;
using Kinerja.Engine.Storage;
using Kinerja.Persistence.Providers;
using Kinerja.Persistence.Tests.Support;
using Kinerja.Testing;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Kinerja.Persistence.Tests;

/// <summary>
/// The writer applies a commit at once and flushes later, with whatever else was applied meanwhile. These tests hold the
/// queued <c>COMMIT</c> (the scheduler it is handed to) to see what waits for it and what does not.
/// </summary>
public sealed class GroupCommitTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task ACommitThatLostItsRace_FailsOnlyOnceTheWinnerIsDurable(DatabaseProvider provider)
    {
        var commits = new HeldCommits();
        await using var store = await StoreEngine.CreateAsync(provider, options: new StoreOptions { CommitScheduler = commits.Schedule });
        var instance = Assert.Single(await StartAsync(store, 1));
        var startRevision = (await store.Store.LoadInstanceAsync(instance))!.Revision;

        commits.Hold();
        var winner = store.Store.CommitAsync(await ChangeAsync(store, instance, "winner"));
        var loser = store.Store.CommitAsync(await ChangeAsync(store, instance, "loser"));
        await commits.Scheduled.WaitAsync(TimeSpan.FromSeconds(30));

        // Both are applied; the loser's failure waits with the winner's flush: a retry now would read the old revision again.
        Assert.False(winner.IsCompleted);
        Assert.False(loser.IsCompleted);
        Assert.Equal(startRevision, (await store.Store.LoadInstanceAsync(instance))!.Revision);

        commits.Release();
        await winner;
        await Assert.ThrowsAsync<ConcurrencyException>(() => loser);
        Assert.Equal(startRevision + 1, (await store.Store.LoadInstanceAsync(instance))!.Revision);
        var history = await store.Store.GetHistoryAsync(instance);
        Assert.Single(history, h => h.Actor == "winner");
        Assert.DoesNotContain(history, h => h.Actor == "loser");
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task CommitsMadeWhileTheFlushWaits_ShareIt_AndAreAcknowledgedOnlyByIt(DatabaseProvider provider)
    {
        var commits = new HeldCommits();
        await using var store = await StoreEngine.CreateAsync(provider, options: new StoreOptions { CommitScheduler = commits.Schedule });
        var instances = await StartAsync(store, 20);
        commits.Hold();
        var written = await ChangeEachAsync(store, instances);

        await commits.Scheduled.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, commits.HeldCount);
        Assert.All(written, w => Assert.False(w.IsCompleted));
        foreach (var id in instances)
        {
            Assert.DoesNotContain(await store.Store.GetHistoryAsync(id), h => h.Actor?.StartsWith("writer-", StringComparison.Ordinal) == true);
        }

        commits.Release();
        await Task.WhenAll(written);
        await AssertEachChangedOnceAsync(store, instances);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task ATransactionThatReachesTheBatchSize_IsFlushedWithoutWaitingForTheQueuedCommit(DatabaseProvider provider)
    {
        var commits = new HeldCommits();
        await using var store = await StoreEngine.CreateAsync(provider, options: new StoreOptions { MaxBatchSize = 4, CommitScheduler = commits.Schedule });
        var instances = await StartAsync(store, 10);
        commits.Hold();
        var written = await ChangeEachAsync(store, instances);

        // Two full transactions of four are flushed by the commits that filled them; the last two wait for the queued flush.
        await Task.WhenAll(written.Take(8)).WaitAsync(TimeSpan.FromSeconds(30));
        await commits.Scheduled.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.All(written.Skip(8), w => Assert.False(w.IsCompleted));

        commits.Release();
        await Task.WhenAll(written);
        await AssertEachChangedOnceAsync(store, instances);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task ClosingTheStore_FlushesWhatIsApplied_EvenWhileTheQueuedCommitWaits(DatabaseProvider provider)
    {
        var commits = new HeldCommits();
        await using var store = await StoreEngine.CreateAsync(provider, options: new StoreOptions { CommitScheduler = commits.Schedule });
        var instance = Assert.Single(await StartAsync(store, 1));

        commits.Hold();
        var written = store.Store.CommitAsync(await ChangeAsync(store, instance, "last-before-shutdown"));
        await commits.Scheduled.WaitAsync(TimeSpan.FromSeconds(30));
        await store.ReopenAsync();

        await written.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Single(await store.Store.GetHistoryAsync(instance), h => h.Actor == "last-before-shutdown");
        commits.Release(); // the held COMMIT of the closed store finds nothing left to do
    }

    [Fact]
    public async Task OnSqlite_ACommitIsAcknowledgedOnlyOnceTheLogIsFlushed_OnAThreadOfItsOwn_WhileTheWriterGoesOn()
    {
        var flushes = new HeldFlushes();
        using var commitsWritten = new SemaphoreSlim(0);
        var options = new StoreOptions
        {
            BeforeLogFlush = flushes.BeforeFlush,
            WriterConnectionOpened = connection => raw.sqlite3_commit_hook(
                ((SqliteConnection)connection).Handle,
                _ =>
                {
                    commitsWritten.Release();
                    return 0;
                },
                null),
        };
        await using var store = await StoreEngine.CreateAsync(DatabaseProvider.Sqlite, options: options);
        var instances = await StartAsync(store, 2);

        flushes.Hold();
        while (commitsWritten.Wait(0))
        {
            // the set-up's COMMITs
        }

        var first = store.Store.CommitAsync(await ChangeAsync(store, instances[0], "writer-0"));
        await flushes.Entered.WaitAsync(TimeSpan.FromSeconds(30));

        // Written to the log and visible to readers, but its caller is not told before the log is on disk.
        Assert.Single(await store.Store.GetHistoryAsync(instances[0]), h => h.Actor == "writer-0");
        Assert.False(first.IsCompleted);

        // The writer's connection is free meanwhile: the next commit is applied and written, not held behind the flush.
        var second = store.Store.CommitAsync(await ChangeAsync(store, instances[1], "writer-1"));
        Assert.True(await commitsWritten.WaitAsync(TimeSpan.FromSeconds(30)), "the first COMMIT");
        Assert.True(await commitsWritten.WaitAsync(TimeSpan.FromSeconds(30)), "the second COMMIT, while the first flush is held");
        Assert.False(first.IsCompleted);
        Assert.False(second.IsCompleted);

        flushes.Release();
        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(30));
        await AssertEachChangedOnceAsync(store, instances);
        Assert.NotEmpty(flushes.Threads);
        Assert.All(flushes.Threads, t =>
        {
            Assert.False(t.PoolThread);
            Assert.Equal("Kinerja store flush", t.Name);
        });
    }

    [Fact]
    public async Task OnSqlite_TheOutboxIsHandedOutOnlyOnceWhatWasReadIsDurable()
    {
        var flushes = new HeldFlushes();
        await using var store = await StoreEngine.CreateAsync(DatabaseProvider.Sqlite, options: new StoreOptions { BeforeLogFlush = flushes.BeforeFlush });
        var instance = Assert.Single(await StartAsync(store, 1));

        flushes.Hold();
        var change = await ChangeAsync(store, instance, "with-a-message");
        var written = store.Store.CommitAsync(change with { Outbox = [OutboxMessage.CancelTimer("timer-of-the-test")] });
        await flushes.Entered.WaitAsync(TimeSpan.FromSeconds(30));

        // The dispatcher acts outside on what it is handed: not on a commit a power cut could still take back.
        var pending = store.Store.GetPendingOutboxAsync(100);
        Assert.NotSame(pending, await Task.WhenAny(pending, Task.Delay(TimeSpan.FromMilliseconds(500))));

        flushes.Release();
        Assert.Contains(await pending.WaitAsync(TimeSpan.FromSeconds(30)), m => m.Id == "cancel:timer-of-the-test");
        await written.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task OnSqlite_AFailedFlushStopsTheStore_AndNothingWrittenAfterItIsAcknowledged()
    {
        var flushes = new HeldFlushes();
        await using var store = await StoreEngine.CreateAsync(DatabaseProvider.Sqlite, options: new StoreOptions { BeforeLogFlush = flushes.BeforeFlush });
        var instances = await StartAsync(store, 2);
        Assert.Null(store.Store.WriteFailure);

        flushes.FailWith = new IOException("the disk is gone (test)");
        var failed = store.Store.CommitAsync(await ChangeAsync(store, instances[0], "lost"));
        var stopped = await Assert.ThrowsAsync<StoreStoppedException>(() => failed.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("the disk is gone (test)", stopped.Message, StringComparison.Ordinal);
        Assert.Same(stopped, store.Store.WriteFailure);

        // The kernel may have dropped what it could not write: a later flush that succeeds vouches for nothing.
        flushes.FailWith = null;
        var after = store.Store.CommitAsync(await ChangeAsync(store, instances[1], "after-the-failure"));
        Assert.Same(stopped, await Assert.ThrowsAsync<StoreStoppedException>(() => after.WaitAsync(TimeSpan.FromSeconds(30))));
        await Assert.ThrowsAsync<StoreStoppedException>(() => store.Store.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30)));
        await Assert.ThrowsAsync<StoreStoppedException>(() => store.Store.GetPendingOutboxAsync(100).WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task OnSqlite_ACommitThatFailsOnItsThread_FailsItsCommits_AndTheNextCommitIsWritten()
    {
        var failNext = 0;
        var options = new StoreOptions
        {
            // A commit hook that answers non-zero turns the COMMIT into a rollback: SQLite reports the COMMIT failed.
            WriterConnectionOpened = connection => raw.sqlite3_commit_hook(
                ((SqliteConnection)connection).Handle, _ => Interlocked.Exchange(ref failNext, 0), null),
        };
        await using var store = await StoreEngine.CreateAsync(DatabaseProvider.Sqlite, options: options);
        var instances = await StartAsync(store, 2);

        Volatile.Write(ref failNext, 1);
        var failed = store.Store.CommitAsync(await ChangeAsync(store, instances[0], "rolled-back"));
        await Assert.ThrowsAsync<SqliteException>(() => failed.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.DoesNotContain(await store.Store.GetHistoryAsync(instances[0]), h => h.Actor == "rolled-back");

        await store.Store.CommitAsync(await ChangeAsync(store, instances[1], "after-the-failure")).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Single(await store.Store.GetHistoryAsync(instances[1]), h => h.Actor == "after-the-failure");
    }

    /// <summary>Starts <paramref name="count"/> instances and waits until the writer has nothing of theirs left to flush.</summary>
    private static async Task<List<Guid>> StartAsync(StoreEngine store, int count)
    {
        await store.Engine.DeployAsync(FourStepsProcess.Xml);
        var instances = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            instances.Add((await store.Engine.StartAsync("four", businessKey: $"instance-{i}")).Id);
        }

        await store.Store.FlushAsync(); // the starts' outbox marks, so a transaction after this holds only the test's commits
        return instances;
    }

    /// <summary>Hands the store one change per instance (history line <c>writer-i</c>) without waiting for any.</summary>
    private static async Task<List<Task>> ChangeEachAsync(StoreEngine store, List<Guid> instances)
    {
        var written = new List<Task>();
        foreach (var (id, i) in instances.Select((id, i) => (id, i)))
        {
            written.Add(store.Store.CommitAsync(await ChangeAsync(store, id, $"writer-{i}")));
        }

        return written;
    }

    private static async Task AssertEachChangedOnceAsync(StoreEngine store, List<Guid> instances)
    {
        foreach (var (id, i) in instances.Select((id, i) => (id, i)))
        {
            Assert.Single(await store.Store.GetHistoryAsync(id), h => h.Actor == $"writer-{i}");
        }
    }

    /// <summary>A commit that moves the stored instance on by one revision, with a history line naming <paramref name="actor"/>.</summary>
    private static async Task<EngineCommit> ChangeAsync(StoreEngine store, Guid instanceId, string actor)
    {
        var instance = (await store.Store.LoadInstanceAsync(instanceId))!;
        var loadedAt = instance.Revision;
        instance.Revision++;
        return new EngineCommit(
            [new InstanceWrite(instance, loadedAt, SubscriptionsChanged: false, HeaderChanged: false)],
            [],
            [new HistoryEntry(instanceId, DateTimeOffset.UtcNow, HistoryKind.VariablesSet, null, null, actor, null, null)],
            [],
            [],
            null,
            null);
    }

    /// <summary>The store's log flushes (<see cref="StoreOptions.BeforeLogFlush"/>): held, failed, and the threads they ran on.</summary>
    private sealed class HeldFlushes
    {
        private readonly ManualResetEventSlim _open = new(initialState: true);
        private readonly ConcurrentQueue<(bool PoolThread, string? Name)> _threads = new();
        private TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Thrown by the next flushes instead of flushing.</summary>
        public Exception? FailWith { get; set; }

        /// <summary>Completes when a flush began after <see cref="Hold"/>.</summary>
        public Task Entered => Volatile.Read(ref _entered).Task;

        public IReadOnlyCollection<(bool PoolThread, string? Name)> Threads => _threads;

        public void Hold()
        {
            Volatile.Write(ref _entered, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            _open.Reset();
        }

        public void Release() => _open.Set();

        public void BeforeFlush()
        {
            _threads.Enqueue((Thread.CurrentThread.IsThreadPoolThread, Thread.CurrentThread.Name));
            Volatile.Read(ref _entered).TrySetResult();
            if (!_open.Wait(TimeSpan.FromSeconds(30)))
            {
                throw new TimeoutException("The test never released the held flush.");
            }

            if (FailWith is { } failure)
            {
                throw failure;
            }
        }
    }

    /// <summary>The writer's commit scheduler, running each queued COMMIT on the thread pool, or holding it when told.</summary>
    private sealed class HeldCommits
    {
        private readonly Lock _lock = new();
        private readonly List<Action> _held = [];
        private TaskCompletionSource _scheduled = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private bool _holding;

        public Task Scheduled
        {
            get
            {
                lock (_lock)
                {
                    return _scheduled.Task;
                }
            }
        }

        public int HeldCount
        {
            get
            {
                lock (_lock)
                {
                    return _held.Count;
                }
            }
        }

        public void Hold()
        {
            lock (_lock)
            {
                _holding = true;
                _scheduled = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        /// <summary>Queues the COMMIT on the thread pool; if it is held by the time the pool gets to it, it waits for <see cref="Release"/>.</summary>
        public void Schedule(Action commit) =>
            ThreadPool.UnsafeQueueUserWorkItem(static state => state.Commits.RunOrHold(state.Commit), (Commits: this, Commit: commit), preferLocal: false);

        private void RunOrHold(Action commit)
        {
            lock (_lock)
            {
                if (_holding)
                {
                    _held.Add(commit);
                    _scheduled.TrySetResult();
                    return;
                }
            }

            commit();
        }

        public void Release()
        {
            Action[] held;
            lock (_lock)
            {
                _holding = false;
                held = [.. _held];
                _held.Clear();
            }

            foreach (var commit in held)
            {
                commit();
            }
        }
    }
}
