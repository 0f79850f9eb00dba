namespace Kinerja.Persistence;

/// <summary>
/// SQLite with <c>synchronous=FULL</c>: makes the writer's commits durable after their <c>COMMIT</c>, so that the writer's
/// connection is free while the disk works. The writer's connection runs at <c>synchronous=NORMAL</c>, where a <c>COMMIT</c>
/// only writes the transaction's pages to the write-ahead log; this flushes the log (<c>fsync</c> on a handle of its own)
/// on a thread of its own and only then acknowledges the commits. One flush covers every <c>COMMIT</c> written before it
/// began. Meanwhile the writer applies the next commits instead of waiting: in a burst of 200 officers the commits made
/// during a flush used to wait for it and then be applied one after another (docs/benchmarks.md, session 25).
/// </summary>
/// <remarks>
/// <para>A committed transaction is visible to the database's readers from its <c>COMMIT</c>, a flush (a few milliseconds)
/// before it is durable. Nothing leaves the host on it before then: its caller is answered after the flush, and whoever
/// acts outside on what it read (the outbox dispatcher) waits for <see cref="DurableAsync"/> first. A crash of the process
/// loses nothing the log holds (the kernel has it); a power cut loses at most the commits not yet acknowledged.</para>
/// <para>A flush that fails stops the store for good: the kernel may have dropped the pages it could not write, so no later
/// flush can vouch for them. Every commit waiting for it and every later one fails with <see cref="StoreStoppedException"/>;
/// a restart recovers the log as far as it reached the disk.</para>
/// </remarks>
internal sealed class LogFlusher : IDisposable
{
    private readonly FlushThread _thread = new("Kinerja store flush");
    private readonly Lock _lock = new();
    private readonly Action? _beforeFlush;
    private List<(TaskCompletionSource Done, Exception? Lost)> _written = [];
    private List<(long Through, TaskCompletionSource Done)> _durabilityWaiters = [];
    private FileStream? _log;
    private long _commitsStarted;
    private long _writtenThrough;
    private long _flushedThrough;
    private StoreStoppedException? _failure;
    private bool _disposed;

    /// <param name="beforeFlush">Called on the flush thread before each flush (tests hold or fail a flush with it).</param>
    public LogFlusher(Action? beforeFlush) => _beforeFlush = beforeFlush;

    /// <summary>Set once a flush failed: the store writes nothing more.</summary>
    public StoreStoppedException? Failure => Volatile.Read(ref _failure);

    /// <summary>Opens the write-ahead log of the database at <paramref name="databasePath"/> for flushing (again, for a new writer connection).</summary>
    public void Open(string databasePath)
    {
        var log = new FileStream(databasePath + "-wal", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        lock (_lock)
        {
            (_log, log) = (log, _log);
        }

        if (log is not null)
        {
            // After the flushes handed over so far, one of which may be flushing through it.
            _ = _thread.RunAsync(log.Dispose);
        }
    }

    /// <summary>Called before each <c>COMMIT</c>; from here on <see cref="DurableAsync"/> waits for this one too.</summary>
    /// <exception cref="StoreStoppedException">A flush failed before.</exception>
    public void CommitStarting()
    {
        lock (_lock)
        {
            if (_failure is not null)
            {
                throw _failure;
            }

            _commitsStarted++;
        }
    }

    /// <summary>
    /// Called after each <c>COMMIT</c> that <see cref="CommitStarting"/> announced, whether it succeeded or not, with the commits to
    /// acknowledge once the log is on disk (none when it failed). Returns at once.
    /// </summary>
    public void CommitWritten(List<(TaskCompletionSource Done, Exception? Lost)> commits)
    {
        lock (_lock)
        {
            _written.AddRange(commits);
            _writtenThrough = _commitsStarted;
        }

        _ = _thread.RunAsync(Flush);
    }

    /// <summary>Completes once every <c>COMMIT</c> started so far is on disk; fails if the store stopped.</summary>
    public Task DurableAsync()
    {
        lock (_lock)
        {
            if (_failure is not null)
            {
                return Task.FromException(_failure);
            }

            if (_flushedThrough >= _commitsStarted)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _durabilityWaiters.Add((_commitsStarted, done));
            return done.Task;
        }
    }

    private void Flush()
    {
        List<(TaskCompletionSource Done, Exception? Lost)> commits;
        long through;
        FileStream? log;
        StoreStoppedException? failure;
        lock (_lock)
        {
            if (_flushedThrough >= _writtenThrough)
            {
                return; // an earlier flush took these along
            }

            (commits, _written) = (_written, []);
            through = _writtenThrough;
            log = _log;
            failure = _failure;
        }

        if (failure is null)
        {
            try
            {
                _beforeFlush?.Invoke();
                log!.Flush(flushToDisk: true);
            }
            catch (Exception ex)
            {
                failure = new StoreStoppedException(ex);
            }
        }

        List<(long Through, TaskCompletionSource Done)> waiters;
        lock (_lock)
        {
            if (_failure is null && failure is not null)
            {
                Volatile.Write(ref _failure, failure);
            }

            failure = _failure;
            if (failure is null)
            {
                _flushedThrough = through;
                waiters = _durabilityWaiters.FindAll(w => w.Through <= through);
                _durabilityWaiters.RemoveAll(w => w.Through <= through);
            }
            else
            {
                (waiters, _durabilityWaiters) = (_durabilityWaiters, []);
            }
        }

        foreach (var (done, lost) in commits)
        {
            Acknowledge(done, failure ?? lost);
        }

        foreach (var (_, done) in waiters)
        {
            Acknowledge(done, failure);
        }
    }

    /// <summary>Tells a commit's caller: done, or why not.</summary>
    public static void Acknowledge(TaskCompletionSource done, Exception? failure)
    {
        if (failure is null)
        {
            done.TrySetResult();
        }
        else
        {
            done.TrySetException(failure);
        }
    }

    /// <summary>Lets the flush thread end once what was handed to it is done, and closes the log's handle after.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _ = _thread.RunAsync(() =>
        {
            lock (_lock)
            {
                _log?.Dispose();
                _log = null;
            }
        });
        _thread.Dispose();
    }
}

/// <summary>The store stopped writing because flushing its log to disk failed; restart the host.</summary>
public sealed class StoreStoppedException(Exception cause)
    : IOException($"The engine store stopped writing: flushing its write-ahead log to disk failed ({cause.Message}). Restart the host; SQLite recovers the log as far as it reached the disk.", cause);
