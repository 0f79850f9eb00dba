using Kinerja.Engine.Notifications;
using Kinerja.Engine.Timers;

namespace Kinerja.Engine.Storage;

/// <summary>
/// An effect on the outside world, committed with the state change that caused it and handed to the
/// ports only after that commit: schedule or cancel a timer, or publish a notification.
/// </summary>
public sealed record OutboxMessage(string Id, ScheduledTimer? Schedule, string? CancelTimerId, Notification? Notification)
{
    public static OutboxMessage ScheduleTimer(ScheduledTimer timer) => new($"schedule:{timer.TimerId}:{timer.FiredCount}", timer, null, null);

    public static OutboxMessage CancelTimer(string timerId) => new($"cancel:{timerId}", null, timerId, null);

    public static OutboxMessage Notify(Notification notification) => new($"notify:{notification.Id}", null, null, notification);
}
