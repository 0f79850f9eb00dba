using Kinerja.Engine.Deployment;
using Kinerja.Engine.Execution;
using Kinerja.Engine.History;
using Kinerja.Engine.Messages;
using Kinerja.Engine.Storage;
using Kinerja.Engine.Tasks;
using Kinerja.Persistence.Records;

namespace Kinerja.Persistence;

/// <summary>Between the engine's objects and the store's rows.</summary>
internal static class RecordMapping
{
    public static long Ticks(DateTimeOffset instant) => instant.UtcTicks;

    public static string Key(Guid id) => id.ToString("D");

    /// <summary>A task's deadline as stored: no deadline sorts after every deadline.</summary>
    public static long DueTicks(DateTimeOffset? due) => due is { } at ? Ticks(at) : long.MaxValue;

    public static DateTimeOffset Instant(long utcTicks) => new(utcTicks, TimeSpan.Zero);

    public static DefinitionRecord ToRecord(DeployedDefinition d) => new()
    {
        ProcessKey = d.ProcessKey,
        Version = d.Version,
        Name = d.Name,
        Xml = d.Xml,
        ContentHash = d.ContentHash,
        SourceName = d.SourceName,
        DeployedAtUtcTicks = Ticks(d.DeployedAt),
        DeployedBy = d.DeployedBy,
    };

    public static DeployedDefinition ToDefinition(DefinitionRecord r) =>
        new(r.ProcessKey, r.Version, r.Name, r.Xml, r.ContentHash, r.SourceName, Instant(r.DeployedAtUtcTicks), r.DeployedBy);

    public static InstanceRecord ToRecord(ProcessInstance i) => new()
    {
        Id = Key(i.Id),
        ProcessKey = i.ProcessKey,
        DefinitionId = i.DefinitionId,
        BusinessKey = i.BusinessKey,
        Status = i.Status.ToString(),
        StartedAtUtcTicks = Ticks(i.StartedAt),
        EndedAtUtcTicks = i.EndedAt is { } ended ? Ticks(ended) : null,
        ParentInstanceId = i.ParentInstanceId is { } parent ? Key(parent) : null,
        Revision = i.Revision,
        StateJson = EngineJson.Serialize(i),
    };

    public static TaskRecord ToRecord(HumanTask t) => new()
    {
        Id = t.Id,
        InstanceId = Key(t.InstanceId),
        ProcessKey = t.ProcessKey,
        ElementId = t.ElementId,
        Status = t.Status.ToString(),
        Assignee = t.Assignee,
        CreatedAtUtcTicks = Ticks(t.CreatedAt),
        DueAtUtcTicks = DueTicks(t.DueAt),
        TaskJson = EngineJson.Serialize(t),
        Candidates = t.CandidateGroups.Distinct(StringComparer.Ordinal).Select(g => new TaskCandidateRecord { TaskId = t.Id, Kind = "g", Name = g })
            .Concat(t.CandidateUsers.Distinct(StringComparer.Ordinal).Select(u => new TaskCandidateRecord { TaskId = t.Id, Kind = "u", Name = u }))
            .ToList(),
    };

    public static MessageSubscriptionRecord ToRecord(MessageSubscription s) => new()
    {
        Id = s.Id,
        InstanceId = Key(s.InstanceId),
        MessageName = s.MessageName,
        CorrelationKey = s.CorrelationKey,
        SubscriptionJson = EngineJson.Serialize(s),
    };

    public static HistoryRecord ToRecord(HistoryEntry h) => new()
    {
        InstanceId = Key(h.InstanceId),
        AtUtcTicks = Ticks(h.At),
        Kind = h.Kind.ToString(),
        ElementId = h.ElementId,
        TaskId = h.TaskId,
        Actor = h.Actor,
        Data = h.Data,
        LatenessTicks = h.Lateness?.Ticks,
    };

    public static HistoryEntry ToEntry(HistoryRecord r) =>
        new(Guid.Parse(r.InstanceId), Instant(r.AtUtcTicks), Enum.Parse<HistoryKind>(r.Kind), r.ElementId, r.TaskId, r.Actor, r.Data,
            r.LatenessTicks is { } ticks ? TimeSpan.FromTicks(ticks) : null);
}
