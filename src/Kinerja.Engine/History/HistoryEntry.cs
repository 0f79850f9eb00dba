namespace Kinerja.Engine.History;

public enum HistoryKind
{
    InstanceStarted,
    InstanceCompleted,
    InstanceTerminated,
    InstanceCancelled,
    InstanceMigrated,
    ElementStarted,
    ElementCompleted,
    ElementCancelled,
    TaskCreated,
    TaskClaimed,
    TaskUnclaimed,
    TaskReassigned,
    TaskDelegated,
    TaskCompleted,
    TaskCancelled,
    TaskReminderSent,
    TaskDueNoticeSent,
    TaskEscalated,
    TimerFired,
    MessageCorrelated,
    ServiceTaskExecuted,
    VariablesSet,
}

/// <summary>One append-only line of an instance's journal: who did what, when, with which data.</summary>
/// <param name="Data">JSON of what the step carried (form data, variables), or null.</param>
/// <param name="Lateness">For a timer, how late it fired against its instant.</param>
public sealed record HistoryEntry(
    Guid InstanceId,
    DateTimeOffset At,
    HistoryKind Kind,
    string? ElementId,
    string? TaskId,
    string? Actor,
    string? Data,
    TimeSpan? Lateness);
