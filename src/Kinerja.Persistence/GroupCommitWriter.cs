using System.Data.Common;
using System.Threading.Channels;
using Kinerja.Engine.Storage;
using Kinerja.Persistence.Providers;
using Kinerja.Persistence.Sql;

namespace Kinerja.Persistence;

/// <summary>
/// The store's single writer. A commit's statements are applied at once, on the caller's thread when the
/// writer's connection is free, inside the one open transaction. One that lost a race (a stale instance
/// revision, an idempotency key or definition version taken meanwhile) is undone alone and fails with
/// <see cref="ConcurrencyException"/>: found in its first statement (the usual race, a stale revision), it wrote
/// nothing; found later, the transaction is rolled back and the commits applied before it are applied again, each
/// in a savepoint. Commits are not given a savepoint each up front: it costs SQLite a copy of every page a commit
/// touches, for a race that is rare. The <c>COMMIT</c> (the disk flush)
/// is a thread-pool work item queued behind whatever the pool already has to do: while requests are still
/// being handled, the commits they make join the open transaction, and one flush acknowledges them all
/// once the pool turns to it. On SQLite the flush itself then waits for the disk on a thread of its own
/// (<see cref="FlushThread"/>), not on the pool's. A caller's task completes only after its commit is durable, and a failure
/// is reported only then too, so a retried command reads the winner's committed state.
/// Marks of dispatched outbox messages ride along with the next transaction and are not waited for: losing
/// one in a crash only means a message is dispatched again, which the ports tolerate (timers are keyed,
/// notifications carry stable ids).
/// </summary>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    private readonly KinerjaDbContextFactory _contexts;
    private readonly StoreOptions _options;
    private readonly TimeProvider _clock;
    private readonly Action<Action> _scheduleCommit;
    private readonly Action _runQueuedCommit;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>();

    /// <summary>SQLite: where the <c>COMMIT</c> waits for the disk, off the thread pool.</summary>
    private readonly FlushThread? _flushThread;

    /// <summary>Held by whoever uses the connection: applying queued commits, or committing.</summary>
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Commits applied in the open transaction, with the race each lost (if any), waiting for its <c>COMMIT</c>.</summary>
    private readonly List<(Pending Pending, Exception? Lost)> _applied = [];

    private DbConnection? _connection;
    private CommitStatements? _statements;
    private DbTransaction? _transaction;
    private int _commitIsQueued;
    private long _transactionsCommitted;
    private bool _disposed;

    public GroupCommitWriter(KinerjaDbContextFactory contexts, StoreOptions options, TimeProvider clock)
    {
        _contexts = contexts;
        _options = options;
        _clock = clock;
        _scheduleCommit = options.CommitScheduler ?? (commit => ThreadPool.UnsafeQueueUserWorkItem(static c => c(), commit, preferLocal: false));
        _runQueuedCommit = () => _ = CommitQueuedAsync();
        _flushThread = contexts.Settings.Provider == DatabaseProvider.Sqlite ? new FlushThread("Kinerja store flush") : null;
    }

    private sealed record Pending(IReadOnlyList<SqlStep> Steps)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public Task CommitAsync(EngineCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        cancellationToken.ThrowIfCancellationRequested();
        return Enqueue(new Pending(CommitStatements.Plan(commit, Now)));
    }

    public void MarkDispatched(IReadOnlyCollection<string> messageIds) => Enqueue(new Pending(CommitStatements.PlanDispatched(messageIds, Now)));

    /// <summary>Completes once everything queued before it is durable.</summary>
    public Task FlushAsync() => Enqueue(new Pending([]));

    /// <summary>How many transactions the writer has committed so far.</summary>
    public long TransactionsCommitted => Interlocked.Read(ref _transactionsCommitted);

    private long Now => RecordMapping.Ticks(_clock.GetUtcNow());

    private Task Enqueue(Pending pending)
    {
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(EfWorkflowStore), "The store is shut down; nothing more can be written.");
        }

        _ = ApplyQueuedAsync();
        return pending.Done.Task;
    }

    /// <summary>
    /// Applies what is queued if the connection is free; if it is not, its holder applies it before letting go (it looks
    /// again after releasing the gate, so nothing queued meanwhile is left behind).
    /// </summary>
    private async Task ApplyQueuedAsync()
    {
        while (_queue.Reader.TryPeek(out _))
        {
            if (!_gate.Wait(0))
            {
                return;
            }

            try
            {
                await ApplyAllQueuedAsync();
                if (_applied.Count > 0 && Interlocked.Exchange(ref _commitIsQueued, 1) == 0)
                {
                    _scheduleCommit(_runQueuedCommit);
                }
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    /// <summary>The queued <c>COMMIT</c>: takes along everything queued up to now and acknowledges it once it is on disk.</summary>
    private async Task CommitQueuedAsync()
    {
        await _gate.WaitAsync();
        try
        {
            // From here on a commit applied by someone else needs a new COMMIT; what is queued now rides along with this one.
            Volatile.Write(ref _commitIsQueued, 0);
            await ApplyAllQueuedAsync();
            await CommitAppliedAsync();
        }
        finally
        {
            _gate.Release();
        }

        await ApplyQueuedAsync();
    }

    /// <summary>Applies every queued commit (caller holds the gate); a transaction that reaches the batch size is committed on the way.</summary>
    private async Task ApplyAllQueuedAsync()
    {
        while (!_disposed && _queue.Reader.TryRead(out var pending))
        {
            await ApplyAsync(pending);
            if (_applied.Count >= _options.MaxBatchSize)
            {
                await CommitAppliedAsync();
            }
        }
    }

    private async Task ApplyAsync(Pending pending)
    {
        try
        {
            _connection ??= await OpenConnectionAsync();
            _statements ??= new CommitStatements(_connection);
            _transaction ??= await _connection.BeginTransactionAsync();
            _applied.Add((pending, await ApplyWithoutSavepointAsync(pending)));
        }
        catch (Exception ex)
        {
            // The transaction is lost: every commit applied in it fails with this one.
            _applied.Add((pending, null));
            await FailAppliedAsync(ex);
        }
    }

    private async Task<DbConnection> OpenConnectionAsync()
    {
        var connection = await _contexts.OpenConnectionAsync(forWriting: true);
        if (_options.DeferCheckpoints && _contexts.Settings.Provider == DatabaseProvider.Sqlite)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA wal_autocheckpoint={_options.DeferredCheckpointLimitPages:D}";
            await command.ExecuteNonQueryAsync();
        }

        _options.WriterConnectionOpened?.Invoke(connection);
        return connection;
    }

    private async Task<Exception?> ApplyWithoutSavepointAsync(Pending pending)
    {
        for (var i = 0; i < pending.Steps.Count; i++)
        {
            try
            {
                await _statements!.RunAsync(_transaction!, pending.Steps[i]);
            }
            catch (ConcurrencyException ex) when (i == 0)
            {
                // The first statement found the race before this commit wrote anything: nothing to undo.
                return ex;
            }
            catch (Exception ex) when (ex is ConcurrencyException || UniqueViolation.IsCauseOf(ex))
            {
                // Steps before this one are in the transaction (and PostgreSQL has aborted it on a unique violation).
                await RollBackAndApplyAgainAsync();
                return AsConcurrency(ex);
            }
        }

        return null;
    }

    /// <summary>
    /// Undoes the open transaction and applies again the commits that were in it, each in a savepoint: what a commit that
    /// lost its race wrote before it found out goes, theirs stays. They won before on the same rows, so they win again.
    /// </summary>
    private async Task RollBackAndApplyAgainAsync()
    {
        await _transaction!.RollbackAsync();
        await _transaction.DisposeAsync();
        _transaction = await _connection!.BeginTransactionAsync();
        for (var i = 0; i < _applied.Count; i++)
        {
            var (pending, lost) = _applied[i];
            if (lost is null && await ApplyInSavepointAsync(_transaction, pending) is { } lostNow)
            {
                _applied[i] = (pending, lostNow);
            }
        }
    }

    private async Task<Exception?> ApplyInSavepointAsync(DbTransaction transaction, Pending pending)
    {
        await _statements!.SavepointAsync(transaction);
        try
        {
            await _statements.ExecuteAsync(transaction, pending.Steps);
            await _statements.ReleaseSavepointAsync(transaction);
            return null;
        }
        catch (Exception ex) when (ex is ConcurrencyException || UniqueViolation.IsCauseOf(ex))
        {
            await _statements.RollbackToSavepointAsync(transaction);
            return AsConcurrency(ex);
        }
    }

    private async Task CommitAppliedAsync()
    {
        if (_transaction is null)
        {
            return;
        }

        try
        {
            if (_flushThread is not null)
            {
                await _flushThread.RunAsync(_transaction.Commit);
            }
            else
            {
                await _transaction.CommitAsync();
            }

            await _transaction.DisposeAsync();
            _transaction = null;
            Interlocked.Increment(ref _transactionsCommitted);
        }
        catch (Exception ex)
        {
            await FailAppliedAsync(ex);
            return;
        }

        foreach (var (pending, lost) in _applied)
        {
            if (lost is null)
            {
                pending.Done.TrySetResult();
            }
            else
            {
                pending.Done.TrySetException(lost);
            }
        }

        _applied.Clear();
    }

    private async Task FailAppliedAsync(Exception ex)
    {
        foreach (var (pending, _) in _applied)
        {
            pending.Done.TrySetException(ex);
        }

        _applied.Clear();
        await ResetConnectionAsync();
    }

    private static ConcurrencyException AsConcurrency(Exception ex) =>
        ex as ConcurrencyException ?? new ConcurrencyException("A key this command writes was taken by another command meanwhile.", ex);

    private async Task ResetConnectionAsync()
    {
        // After a failed transaction the connection may be unusable; open a fresh one for the next commit.
        if (_transaction is not null)
        {
            await _transaction.DisposeAsync();
            _transaction = null;
        }

        if (_statements is not null)
        {
            await _statements.DisposeAsync();
            _statements = null;
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _gate.WaitAsync();
        try
        {
            if (_disposed)
            {
                return;
            }

            await ApplyAllQueuedAsync();
            await CommitAppliedAsync();
            _disposed = true;
            await ResetConnectionAsync();
        }
        finally
        {
            _gate.Release();
            _flushThread?.Dispose();
        }
    }
}
