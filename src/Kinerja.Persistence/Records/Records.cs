namespace Kinerja.Persistence.Records;

// Rows of the store. Instants are kept as UTC ticks and instance ids as text ("D" format) so ordering,
// range queries and the hand-written hot-path SQL mean the same on every provider; the engine's own
// objects travel as JSON next to the columns that are queried.

public sealed class DefinitionRecord
{
    public required string ProcessKey { get; set; }
    public int Version { get; set; }
    public string? Name { get; set; }
    public required string Xml { get; set; }
    public required string ContentHash { get; set; }
    public string? SourceName { get; set; }
    public long DeployedAtUtcTicks { get; set; }
    public string? DeployedBy { get; set; }
}

public sealed class InstanceRecord
{
    public required string Id { get; set; }
    public required string ProcessKey { get; set; }
    public required string DefinitionId { get; set; }
    public string? BusinessKey { get; set; }
    public required string Status { get; set; }
    public long StartedAtUtcTicks { get; set; }
    public long? EndedAtUtcTicks { get; set; }
    public string? ParentInstanceId { get; set; }

    /// <summary>The optimistic concurrency token: a write must name the revision it read.</summary>
    public long Revision { get; set; }

    public required string StateJson { get; set; }
}

public sealed class TaskRecord
{
    public required string Id { get; set; }
    public required string InstanceId { get; set; }
    public required string ProcessKey { get; set; }
    public required string ElementId { get; set; }
    public required string Status { get; set; }
    public string? Assignee { get; set; }
    public long CreatedAtUtcTicks { get; set; }

    /// <summary>The deadline; <see cref="long.MaxValue"/> for none, so ordering by it needs no NULL handling and uses its index.</summary>
    public long DueAtUtcTicks { get; set; }

    public required string TaskJson { get; set; }
    public List<TaskCandidateRecord> Candidates { get; set; } = [];
}

/// <summary>One group or user an open task is offered to, so an inbox query is an index lookup; removed when the task ends.</summary>
public sealed class TaskCandidateRecord
{
    public required string TaskId { get; set; }

    /// <summary>"g" for a group (role, SKPD), "u" for a user.</summary>
    public required string Kind { get; set; }

    public required string Name { get; set; }
}

public sealed class MessageSubscriptionRecord
{
    public required string Id { get; set; }
    public required string InstanceId { get; set; }
    public required string MessageName { get; set; }
    public string? CorrelationKey { get; set; }
    public required string SubscriptionJson { get; set; }
}

/// <summary>A line of the append-only journal.</summary>
public sealed class HistoryRecord
{
    public long Id { get; set; }
    public required string InstanceId { get; set; }
    public long AtUtcTicks { get; set; }
    public required string Kind { get; set; }
    public string? ElementId { get; set; }
    public string? TaskId { get; set; }
    public string? Actor { get; set; }
    public string? Data { get; set; }
    public long? LatenessTicks { get; set; }
}

/// <summary>
/// The outbox messages of one commit, in order. The row counts as dispatched once its last message has
/// been: the engine dispatches in order and stops at the first failure, so a marked last message means
/// every earlier one went out too.
/// </summary>
public sealed class OutboxRecord
{
    public long Sequence { get; set; }
    public required string LastMessageId { get; set; }
    public required string MessagesJson { get; set; }
    public long? DispatchedAtUtcTicks { get; set; }
}

public sealed class IdempotencyRecord
{
    public required string Key { get; set; }
    public required string Result { get; set; }
    public long AtUtcTicks { get; set; }
}
