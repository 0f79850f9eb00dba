namespace Kinerja.Engine.Timers;

public enum TimerPurpose
{
    StartEvent,
    BoundaryEvent,
    IntermediateEvent,
    TaskReminder,
    TaskDue,
    TaskEscalation,
}

/// <summary>A timer an instance waits for; the scheduler port holds the matching <see cref="ScheduledTimer"/>.</summary>
public sealed class TimerSubscription
{
    public string Id { get; set; } = "";
    public TimerPurpose Purpose { get; set; }
    public string ElementId { get; set; } = "";
    public string? ExecutionId { get; set; }
    public string? TaskId { get; set; }
    public DateTimeOffset DueAt { get; set; }

    /// <summary>How many times a repeating timer has fired.</summary>
    public int FiredCount { get; set; }

    /// <summary>The evaluated cycle text, for repeating timers.</summary>
    public string? Cycle { get; set; }

    /// <summary>A copy of this timer (every member is a value or a string).</summary>
    public TimerSubscription DeepCopy() => (TimerSubscription)MemberwiseClone();
}

/// <summary>What the engine asks its timer port to run at an instant; handed back to <c>FireTimerAsync</c>.</summary>
/// <param name="TimerId">Unique per occurrence; firing the same id twice changes nothing the second time.</param>
/// <param name="InstanceId">The instance waiting for it; null for a timer start event.</param>
/// <param name="DefinitionId">For a timer start event, the definition version it starts.</param>
public sealed record ScheduledTimer(
    string TimerId,
    TimerPurpose Purpose,
    DateTimeOffset DueAt,
    Guid? InstanceId,
    string? DefinitionId,
    string ElementId,
    int FiredCount);

/// <summary>One change to the timers a port runs: a timer to schedule, or the engine id of one to cancel.</summary>
public readonly record struct TimerChange(ScheduledTimer? Schedule, string? CancelTimerId)
{
    public static TimerChange ToSchedule(ScheduledTimer timer) => new(timer, null);

    public static TimerChange ToCancel(string timerId) => new(null, timerId);
}

/// <summary>The port through which the engine has timers run (Hangfire in the host, a virtual clock in tests).</summary>
public interface ITimerScheduler
{
    Task ScheduleAsync(ScheduledTimer timer, CancellationToken cancellationToken = default);

    Task CancelAsync(string timerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies <paramref name="changes"/> in their order. The engine hands over the consecutive timer changes of a dispatch
    /// in one call, so that a port can store them together (the host: one transaction for all of them, not one or two
    /// each). When the call fails, every change of it is handed over again later: each must be safe to apply twice.
    /// </summary>
    async Task ApplyAsync(IReadOnlyList<TimerChange> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        foreach (var change in changes)
        {
            if (change.Schedule is { } timer)
            {
                await ScheduleAsync(timer, cancellationToken);
            }
            else if (change.CancelTimerId is { } timerId)
            {
                await CancelAsync(timerId, cancellationToken);
            }
        }
    }
}
