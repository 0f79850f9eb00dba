using Kinerja.Engine.Notifications;
using Kinerja.Engine.Timers;

namespace Kinerja.Benchmarks;

/// <summary>
/// A timer port that only counts. The in-memory <see cref="VirtualTimerScheduler"/> would keep every
/// pending timer (three per open task), which is memory a real scheduler keeps in its own store.
/// </summary>
internal sealed class CountingTimerScheduler : ITimerScheduler
{
    private long _scheduled;
    private long _cancelled;

    public long Scheduled => Interlocked.Read(ref _scheduled);
    public long Cancelled => Interlocked.Read(ref _cancelled);

    public Task ScheduleAsync(ScheduledTimer timer, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _scheduled);
        return Task.CompletedTask;
    }

    public Task CancelAsync(string timerId, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _cancelled);
        return Task.CompletedTask;
    }
}

/// <summary>A notification port that only counts; <see cref="RecordingNotificationSink"/> keeps every notification.</summary>
internal sealed class CountingNotificationSink : INotificationSink
{
    private long _published;

    public long Published => Interlocked.Read(ref _published);

    public Task PublishAsync(Notification notification, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _published);
        return Task.CompletedTask;
    }
}
