using System.Data.Common;
using System.Threading.Channels;
using Kinerja.Engine.Storage;
using Kinerja.Persistence.Providers;
using Kinerja.Persistence.Sql;
using Microsoft.Data.Sqlite;

namespace Kinerja.Persistence;

/// <summary>
/// The store's single writer. A commit's statements are applied at once, on the caller's thread when the
/// writer's connection is free, inside the one open transaction. One that lost a race (a stale instance
/// revision, an idempotency key or definition version taken meanwhile) is undone alone and fails with
/// <see cref="ConcurrencyException"/>: found in its first statement (the usual race, a stale revision), it wrote
/// nothing; found later, the transaction is rolled back and the commits applied before it are applied again, each
/// in a savepoint. Commits are not given a savepoint each up front: it costs SQLite a copy of every page a commit
/// touches, for a race that is rare. The <c>COMMIT</c> is a thread-pool work item queued behind whatever the pool
/// already has to do: while requests are still being handled, the commits they make join the open transaction, and one
/// <c>COMMIT</c> takes them all once the pool turns to it. On SQLite the wait for the disk is not the writer's: the
/// <c>COMMIT</c> writes the log and <see cref="LogFlusher"/> flushes it on a thread of its own, while the writer goes on
/// with the next commits. A caller's task completes only after its commit is durable, and a failure
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

    /// <summary>SQLite at <c>synchronous=FULL</c>: flushes the log after each <c>COMMIT</c> and acknowledges its commits then.</summary>
    private readonly LogFlusher? _logFlusher;

    /// <summary>Held by whoever uses the connection: applying queued commits, or committing.</summary>
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Commits applied in the open transaction, with the race each lost (if any), waiting for its <c>COMMIT</c>.</summary>
    private readonly List<(Pending Pending, Exception? Lost)> _applied = [];

    /// <summary>Whether the open connection's <c>COMMIT</c>s are flushed by <see cref="_logFlusher"/> (SQLite in WAL mode) or flush themselves.</summary>
    private bool _flushesLog;

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
        _logFlusher = contexts.Settings.Provider == DatabaseProvider.Sqlite && FlushesEveryCommit(contexts.Settings.Synchronous)
            ? new LogFlusher(options.BeforeLogFlush)
            : null;
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

    /// <summary>Completes once every commit written so far is durable: at once, unless a flush of SQLite's log is under way.</summary>
    public Task DurableAsync() => _logFlusher?.DurableAsync() ?? Task.CompletedTask;

    /// <summary>Why the store stopped writing, once a flush of its log failed; null while it writes.</summary>
    public StoreStoppedException? Failure => _logFlusher?.Failure;

    /// <summary>SQLite's <c>FULL</c> and <c>EXTRA</c> flush the log at every <c>COMMIT</c>; <c>NORMAL</c> and <c>OFF</c> leave it to checkpoints.</summary>
    private static bool FlushesEveryCommit(string synchronous) =>
        synchronous.Trim().ToUpperInvariant() is "FULL" or "EXTRA" or "2" or "3";

    private Task Enqueue(Pending pending)
    {
        if (Failure is { } failure)
        {
            return Task.FromException(failure);
        }

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

        _flushesLog = _logFlusher is not null && await IsInWalModeAsync(connection);
        if (_flushesLog)
        {
            // The COMMIT only writes the log; the flusher makes it durable before anyone is told.
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous=NORMAL";
            await command.ExecuteNonQueryAsync();
            _logFlusher!.Open(((SqliteConnection)connection).DataSource);
        }

        _options.WriterConnectionOpened?.Invoke(connection);
        return connection;
    }

    /// <summary>Whether the database is in WAL mode: only a log can be flushed apart from its <c>COMMIT</c> (an in-memory database, or a file whose folder refused WAL, keeps its setting).</summary>
    private static async Task<bool> IsInWalModeAsync(DbConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        return await command.ExecuteScalarAsync() is string mode && mode.Equals("wal", StringComparison.OrdinalIgnoreCase);
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

        var announced = false;
        try
        {
            if (_flushesLog)
            {
                _logFlusher!.CommitStarting();
                announced = true;
                _transaction.Commit();
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
            if (announced)
            {
                _logFlusher!.CommitWritten([]);
            }

            await FailAppliedAsync(ex);
            return;
        }

        if (_flushesLog)
        {
            _logFlusher!.CommitWritten(_applied.ConvertAll(a => (a.Pending.Done, a.Lost)));
        }
        else
        {
            foreach (var (pending, lost) in _applied)
            {
                LogFlusher.Acknowledge(pending.Done, lost);
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
            if (_logFlusher is not null)
            {
                // What was written is flushed and acknowledged before the connection closes.
                try
                {
                    await _logFlusher.DurableAsync();
                }
                catch (StoreStoppedException)
                {
                    // its commits have failed with it; nothing more to wait for
                }
            }

            await ResetConnectionAsync();
        }
        finally
        {
            _gate.Release();
            _logFlusher?.Dispose();
        }
    }
}
