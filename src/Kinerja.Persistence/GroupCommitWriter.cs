using System.Data.Common;
using System.Threading.Channels;
using Kinerja.Engine.Storage;
using Kinerja.Persistence.Providers;
using Kinerja.Persistence.Sql;

namespace Kinerja.Persistence;

/// <summary>
/// The store's single writer. Commits that arrive while a transaction is being written wait and go
/// into the next one together, each inside its own savepoint: one that lost a race (a stale instance
/// revision, an idempotency key or definition version taken meanwhile) is rolled back alone and fails
/// with <see cref="ConcurrencyException"/>; the others commit with one flush to disk. A caller's task
/// completes only after its commit is durable. Marks of dispatched outbox messages ride along with the
/// next transaction and are not waited for: losing one in a crash only means a message is dispatched
/// again, which the ports tolerate (timers are keyed, notifications carry stable ids).
/// </summary>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    private readonly KinerjaDbContextFactory _contexts;
    private readonly StoreOptions _options;
    private readonly TimeProvider _clock;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private DbConnection? _connection;
    private CommitStatements? _statements;

    public GroupCommitWriter(KinerjaDbContextFactory contexts, StoreOptions options, TimeProvider clock)
    {
        _contexts = contexts;
        _options = options;
        _clock = clock;
        _loop = Task.Run(RunAsync);
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

    private long Now => RecordMapping.Ticks(_clock.GetUtcNow());

    private Task Enqueue(Pending pending)
    {
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(EfWorkflowStore), "The store is shut down; nothing more can be written.");
        }

        return pending.Done.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>(_options.MaxBatchSize);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < _options.MaxBatchSize && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            await WriteAsync(batch);
            batch.Clear();
        }

        if (_statements is not null)
        {
            await _statements.DisposeAsync();
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }

    private async Task WriteAsync(List<Pending> batch)
    {
        var failures = new Exception?[batch.Count];
        try
        {
            _connection ??= await _contexts.OpenConnectionAsync(forWriting: true);
            _statements ??= new CommitStatements(_connection);
            await using var transaction = await _connection.BeginTransactionAsync();
            if (batch.Count == 1)
            {
                // Alone in its transaction, a commit needs no savepoint: when it fails, all of it is rolled back.
                failures[0] = await ApplyAloneAsync(transaction, batch[0]);
            }
            else
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    failures[i] = await ApplyInSavepointAsync(transaction, batch[i]);
                }
            }

            if (failures[0] is null || batch.Count > 1)
            {
                await transaction.CommitAsync();
            }
        }
        catch (Exception ex)
        {
            await ResetConnectionAsync();
            foreach (var pending in batch)
            {
                pending.Done.TrySetException(ex);
            }

            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            if (failures[i] is { } failure)
            {
                batch[i].Done.TrySetException(failure);
            }
            else
            {
                batch[i].Done.TrySetResult();
            }
        }
    }

    private async Task<Exception?> ApplyAloneAsync(DbTransaction transaction, Pending pending)
    {
        try
        {
            await _statements!.ExecuteAsync(transaction, pending.Steps);
            return null;
        }
        catch (Exception ex) when (ex is ConcurrencyException || UniqueViolation.IsCauseOf(ex))
        {
            await transaction.RollbackAsync();
            return AsConcurrency(ex);
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

    private static ConcurrencyException AsConcurrency(Exception ex) =>
        ex as ConcurrencyException ?? new ConcurrencyException("A key this command writes was taken by another command meanwhile.", ex);

    private async Task ResetConnectionAsync()
    {
        // After a failed transaction the connection may be unusable; open a fresh one for the next batch.
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
        await _loop;
    }
}
