using System.Threading.Channels;
using Kinerja.Engine.Storage;
using Kinerja.Persistence.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using static Kinerja.Persistence.RecordMapping;

namespace Kinerja.Persistence;

/// <summary>
/// The store's single writer. Commits that arrive while a transaction is being written wait and go
/// into the next one together, each inside its own savepoint: one that lost a race (a stale instance
/// revision, an idempotency key or definition version taken meanwhile) is rolled back alone and fails
/// with <see cref="ConcurrencyException"/>; the others commit with one flush to disk. A caller's task
/// completes only after its commit is durable.
/// </summary>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    private readonly IDbContextFactory<KinerjaDbContext> _contexts;
    private readonly StoreOptions _options;
    private readonly TimeProvider _clock;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    public GroupCommitWriter(IDbContextFactory<KinerjaDbContext> contexts, StoreOptions options, TimeProvider clock)
    {
        _contexts = contexts;
        _options = options;
        _clock = clock;
        _loop = Task.Run(RunAsync);
    }

    private sealed record Pending(EngineCommit? Commit, IReadOnlyCollection<string>? Dispatched)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public Task CommitAsync(EngineCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        cancellationToken.ThrowIfCancellationRequested();
        return Enqueue(new Pending(commit, null));
    }

    public Task MarkDispatchedAsync(IReadOnlyCollection<string> messageIds, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Enqueue(new Pending(null, messageIds));
    }

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
    }

    private async Task WriteAsync(List<Pending> batch)
    {
        var failures = new Exception?[batch.Count];
        try
        {
            await using var db = await _contexts.CreateDbContextAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
            for (var i = 0; i < batch.Count; i++)
            {
                failures[i] = await ApplyInSavepointAsync(db, transaction, batch[i], $"commit{i}");
            }

            await transaction.CommitAsync();
        }
        catch (Exception ex)
        {
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

    private async Task<Exception?> ApplyInSavepointAsync(KinerjaDbContext db, IDbContextTransaction transaction, Pending pending, string savepoint)
    {
        await transaction.CreateSavepointAsync(savepoint);
        try
        {
            if (pending.Commit is { } commit)
            {
                await ApplyAsync(db, commit);
            }
            else
            {
                var ids = pending.Dispatched!.ToList();
                var now = Ticks(_clock.GetUtcNow());
                await db.Outbox.Where(o => ids.Contains(o.MessageId) && o.DispatchedAtUtcTicks == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(o => o.DispatchedAtUtcTicks, now));
            }

            await transaction.ReleaseSavepointAsync(savepoint);
            return null;
        }
        catch (Exception ex) when (ex is ConcurrencyException || UniqueViolation.IsCauseOf(ex))
        {
            await transaction.RollbackToSavepointAsync(savepoint);
            await transaction.ReleaseSavepointAsync(savepoint);
            return ex as ConcurrencyException ?? new ConcurrencyException("A key this command writes was taken by another command meanwhile.", ex);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private async Task ApplyAsync(KinerjaDbContext db, EngineCommit commit)
    {
        foreach (var definition in commit.Definitions)
        {
            db.Definitions.Add(ToRecord(definition));
        }

        foreach (var write in commit.Instances)
        {
            var record = ToRecord(write.Instance);
            if (write.ExpectedRevision == 0)
            {
                db.Instances.Add(record);
            }
            else
            {
                var updated = await db.Instances
                    .Where(i => i.Id == record.Id && i.Revision == write.ExpectedRevision)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(i => i.DefinitionId, record.DefinitionId)
                        .SetProperty(i => i.Status, record.Status)
                        .SetProperty(i => i.EndedAtUtcTicks, record.EndedAtUtcTicks)
                        .SetProperty(i => i.Revision, record.Revision)
                        .SetProperty(i => i.StateJson, record.StateJson));
                if (updated == 0)
                {
                    throw new ConcurrencyException($"Instance {record.Id} is no longer at revision {write.ExpectedRevision}.");
                }

                await db.MessageSubscriptions.Where(s => s.InstanceId == record.Id).ExecuteDeleteAsync();
            }

            db.MessageSubscriptions.AddRange(write.Instance.MessageSubscriptions.Select(ToRecord));
        }

        foreach (var task in commit.Tasks)
        {
            var record = ToRecord(task);
            var updated = await db.Tasks
                .Where(t => t.Id == record.Id)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(t => t.Status, record.Status)
                    .SetProperty(t => t.Assignee, record.Assignee)
                    .SetProperty(t => t.DueAtUtcTicks, record.DueAtUtcTicks)
                    .SetProperty(t => t.TaskJson, record.TaskJson));
            if (updated == 0)
            {
                db.Tasks.Add(record);
            }
        }

        db.History.AddRange(commit.History.Select(ToRecord));
        db.Outbox.AddRange(commit.Outbox.Select(m => new OutboxRecord { MessageId = m.Id, MessageJson = EngineJson.Serialize(m) }));
        if (commit.IdempotencyKey is { } key)
        {
            db.IdempotencyKeys.Add(new IdempotencyRecord { Key = key, Result = commit.IdempotentResult ?? string.Empty, AtUtcTicks = Ticks(_clock.GetUtcNow()) });
        }

        await db.SaveChangesAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }
}
