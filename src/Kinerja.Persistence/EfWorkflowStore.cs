using System.Collections.Concurrent;
using Kinerja.Engine.Deployment;
using Kinerja.Engine.Execution;
using Kinerja.Engine.History;
using Kinerja.Engine.Messages;
using Kinerja.Engine.Storage;
using Kinerja.Engine.Tasks;
using Kinerja.Persistence.Providers;
using Kinerja.Persistence.Sql;
using Microsoft.EntityFrameworkCore;
using static Kinerja.Persistence.RecordMapping;

namespace Kinerja.Persistence;

/// <summary>
/// The engine's store. EF Core owns the schema (migrations per provider) and the listing queries
/// (inbox, history, definitions, instances); the reads every command makes, by primary key, are plain
/// SQL (<see cref="HotReads"/>); writes go through <see cref="GroupCommitWriter"/>, which applies
/// concurrent commits in one database transaction (a commit that lost its race undone alone) so a burst
/// of commands shares one disk flush.
/// </summary>
public sealed partial class EfWorkflowStore : IWorkflowStore, IAsyncDisposable
{
    private readonly KinerjaDbContextFactory _contexts;
    private readonly GroupCommitWriter _writer;
    private readonly HotReads _hot;
    private readonly InstanceCache _instances;
    private readonly ConcurrentDictionary<(string Key, int Version), DeployedDefinition> _definitions = new();
    private readonly SemaphoreSlim _checkpointing = new(1, 1);
    private long _checkpointedAfter;

    public EfWorkflowStore(KinerjaDbContextFactory contexts, StoreOptions? options = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        options ??= new StoreOptions();
        _contexts = contexts;
        _writer = new GroupCommitWriter(contexts, options, clock ?? TimeProvider.System);
        _hot = new HotReads(contexts);
        _instances = new InstanceCache(options.InstanceCacheParts);
        SoleWriter = options.SoleWriter;
    }

    internal InstanceCache Instances => _instances;

    /// <summary>Whether this store was told it is its database's only writer (<see cref="StoreOptions.SoleWriter"/>).</summary>
    public bool SoleWriter { get; }

    /// <summary>
    /// A deployed version never changes, so versions are kept once read; only "which is the latest" asks
    /// the database each time (another host may have deployed).
    /// </summary>
    public async Task<DeployedDefinition?> FindDefinitionAsync(string processKey, int? version, CancellationToken cancellationToken = default)
    {
        version ??= (int?)await _hot.NumberAsync(HotReads.LatestVersion, processKey, cancellationToken);
        if (version is not { } wanted)
        {
            return null;
        }

        if (_definitions.TryGetValue((processKey, wanted), out var known))
        {
            return known;
        }

        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var record = await db.Definitions.AsNoTracking().FirstOrDefaultAsync(d => d.ProcessKey == processKey && d.Version == wanted, cancellationToken);
        return record is null ? null : _definitions.GetOrAdd((processKey, wanted), ToDefinition(record));
    }

    public async Task<IReadOnlyList<DeployedDefinition>> ListDefinitionsAsync(string? processKey, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var records = await db.Definitions.AsNoTracking()
            .Where(d => processKey == null || d.ProcessKey == processKey)
            .OrderBy(d => d.ProcessKey).ThenBy(d => d.Version)
            .ToListAsync(cancellationToken);
        return records.Select(ToDefinition).ToList();
    }

    /// <summary>
    /// The instance as stored: this store's copy of its last commit when the database still holds that revision (as the
    /// <see cref="StoreOptions.SoleWriter"/> it does without asking), else its JSON read.
    /// </summary>
    public Task<ProcessInstance?> LoadInstanceAsync(Guid instanceId, CancellationToken cancellationToken = default) =>
        SoleWriter && _instances.TakeAny(instanceId) is { } copy
            ? Task.FromResult<ProcessInstance?>(copy)
            : _hot.InstanceAsync(RecordMapping.Key(instanceId), revision => _instances.Take(instanceId, revision), cancellationToken);

    public async Task<HumanTask?> FindTaskAsync(string taskId, CancellationToken cancellationToken = default)
    {
        return await _hot.JsonAsync<HumanTask>(HotReads.TaskJson, taskId, cancellationToken);
    }

    public async Task<IReadOnlyList<MessageSubscription>> FindMessageSubscriptionsAsync(string messageName, string? correlationKey, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var json = await db.MessageSubscriptions.AsNoTracking()
            .Where(s => s.MessageName == messageName && (correlationKey == null || s.CorrelationKey == correlationKey))
            .Select(s => s.SubscriptionJson)
            .ToListAsync(cancellationToken);
        return json.Select(EngineJson.Deserialize<MessageSubscription>).ToList();
    }

    public async Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        var records = await _hot.HistoryAsync(RecordMapping.Key(instanceId), cancellationToken);
        return records.Select(ToEntry).ToList();
    }

    public async Task<string?> FindIdempotentResultAsync(string idempotencyKey, CancellationToken cancellationToken = default)
    {
        return await _hot.ScalarAsync(HotReads.IdempotentResult, idempotencyKey, cancellationToken);
    }

    public Task CommitAsync(EngineCommit commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var committing = _writer.CommitAsync(commit, cancellationToken);
        if (!_instances.IsEnabled || commit.Instances.Count == 0)
        {
            return committing;
        }

        // Copied now, as the commit has just written them down: the command's own objects go back to its caller.
        return KeepWhenDurableAsync(committing, commit.Instances.Select(w => w.Instance.DeepCopy()).ToList());
    }

    private async Task KeepWhenDurableAsync(Task committing, List<ProcessInstance> copies)
    {
        await committing;
        foreach (var copy in copies)
        {
            _instances.Keep(copy);
        }
    }

    /// <summary>
    /// The messages of undispatched commits, oldest first, whole commits at a time (at least one). Returned once the commits
    /// read are durable: the dispatcher acts outside on them, and a commit is visible a flush before it is (see <see cref="LogFlusher"/>).
    /// </summary>
    public async Task<IReadOnlyList<OutboxMessage>> GetPendingOutboxAsync(int max, CancellationToken cancellationToken = default)
    {
        if (_writer.Failure is { } stopped)
        {
            throw stopped; // what it last wrote is readable but may never reach the disk
        }

        List<string> rows;
        await using (var db = await _contexts.CreateDbContextAsync(cancellationToken))
        {
            rows = await db.Outbox.AsNoTracking()
                .Where(o => o.DispatchedAtUtcTicks == null)
                .OrderBy(o => o.Sequence)
                .Take(Math.Max(1, max))
                .Select(o => o.MessagesJson)
                .ToListAsync(cancellationToken);
        }

        if (rows.Count > 0)
        {
            await _writer.DurableAsync().WaitAsync(cancellationToken);
        }
        var messages = new List<OutboxMessage>();
        foreach (var json in rows)
        {
            if (messages.Count > 0 && messages.Count >= max)
            {
                break;
            }

            messages.AddRange(EngineJson.Deserialize<List<OutboxMessage>>(json));
        }

        return messages;
    }

    /// <summary>Queues the marks for the writer's next transaction and returns at once (see <see cref="GroupCommitWriter"/>).</summary>
    public Task MarkOutboxDispatchedAsync(IReadOnlyCollection<string> messageIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageIds);
        if (messageIds.Count == 0)
        {
            return Task.CompletedTask;
        }

        _writer.MarkDispatched(messageIds);
        return Task.CompletedTask;
    }

    /// <summary>Why the store stopped writing (a flush of its log to disk failed; see <see cref="StoreStoppedException"/>), or null while it writes.</summary>
    public StoreStoppedException? WriteFailure => _writer.Failure;

    /// <summary>Waits until every write queued so far (outbox marks included) is durable.</summary>
    public Task FlushAsync() => _writer.FlushAsync();

    /// <summary>Whether the writer has committed anything the last complete <see cref="CheckpointAsync"/> did not copy (never on PostgreSQL, which has no such log).</summary>
    public bool HasCommittedSinceCheckpoint =>
        _contexts.Settings.Provider == DatabaseProvider.Sqlite && _writer.TransactionsCommitted != Interlocked.Read(ref _checkpointedAfter);

    /// <summary>
    /// SQLite: copies what the writer committed from the write-ahead log into the database file (a passive checkpoint, on a
    /// connection of its own: the writer and the readers go on meanwhile). A reader still on an older snapshot keeps the
    /// newer pages in the log; then the copy is partial and <see cref="HasCommittedSinceCheckpoint"/> stays true, so the
    /// next call copies the rest. For <see cref="StoreOptions.DeferCheckpoints"/>, called by the host when no one waits.
    /// Nothing to do on PostgreSQL.
    /// </summary>
    /// <returns>True when a checkpoint ran; false when nothing was committed since the last one, or not SQLite.</returns>
    public async Task<bool> CheckpointAsync(CancellationToken cancellationToken = default)
    {
        if (!HasCommittedSinceCheckpoint)
        {
            return false;
        }

        await _checkpointing.WaitAsync(cancellationToken);
        try
        {
            var committed = _writer.TransactionsCommitted;
            await using var connection = await _contexts.OpenConnectionAsync(forWriting: true, cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
            await using var result = await command.ExecuteReaderAsync(cancellationToken);
            // One row: blocked (0 or 1), pages in the log, pages of it copied into the file.
            if (await result.ReadAsync(cancellationToken) && result.GetInt64(2) >= result.GetInt64(1))
            {
                Interlocked.Exchange(ref _checkpointedAfter, committed);
            }

            return true;
        }
        finally
        {
            _checkpointing.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _hot.Dispose();
        await _writer.DisposeAsync();
        _checkpointing.Dispose();
    }
}
