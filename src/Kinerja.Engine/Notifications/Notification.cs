namespace Kinerja.Engine.Notifications;

public enum NotificationKind
{
    /// <summary>A task is waiting for someone: send the task link.</summary>
    TaskCreated,

    /// <summary>A task was claimed, reassigned or delegated to a person.</summary>
    TaskAssigned,

    /// <summary>The reminder before the deadline (by default at 80 % of the time standard).</summary>
    TaskReminder,

    /// <summary>The deadline is now.</summary>
    TaskDue,

    /// <summary>The deadline has passed: tell the supervisor (repeats while overdue).</summary>
    TaskEscalated,

    /// <summary>A task ended without being done (cancelled, interrupted); its links stop working.</summary>
    TaskCancelled,

    /// <summary>A task was done; its links stop working. Nobody is told: the one who did it saw it done.</summary>
    TaskCompleted,

    /// <summary>A send task's message (e.g. topic <c>email</c>): recipients and text are in <see cref="Notification.Data"/>.</summary>
    Message,
}

/// <summary>Something people should be told. The host turns it into mail; <see cref="Id"/> is stable so it is sent once.</summary>
/// <param name="Data">What a <see cref="NotificationKind.Message"/> says (e.g. to, subject, body); null for task notifications.</param>
public sealed record Notification(
    string Id,
    NotificationKind Kind,
    Guid InstanceId,
    string TaskId,
    string ElementId,
    DateTimeOffset At,
    string? Assignee,
    IReadOnlyList<string> CandidateGroups,
    string? EscalateTo,
    int Sequence,
    IReadOnlyDictionary<string, string>? Data = null);

/// <summary>The port the engine tells people through.</summary>
public interface INotificationSink
{
    Task PublishAsync(Notification notification, CancellationToken cancellationToken = default);
}
