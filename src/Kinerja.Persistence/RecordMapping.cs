using Kinerja.Engine.Deployment;
using Kinerja.Engine.History;
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


    public static DeployedDefinition ToDefinition(DefinitionRecord r) =>
        new(r.ProcessKey, r.Version, r.Name, r.Xml, r.ContentHash, r.SourceName, Instant(r.DeployedAtUtcTicks), r.DeployedBy);





    public static HistoryEntry ToEntry(HistoryRecord r) =>
        new(Guid.Parse(r.InstanceId), Instant(r.AtUtcTicks), Enum.Parse<HistoryKind>(r.Kind), r.ElementId, r.TaskId, r.Actor, r.Data,
            r.LatenessTicks is { } ticks ? TimeSpan.FromTicks(ticks) : null);
}
