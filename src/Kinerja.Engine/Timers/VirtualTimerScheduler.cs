namespace Kinerja.Engine.Timers;

/// <summary>
/// A timer port that only remembers: tests and the CLI's dry run move a virtual clock and fire what is
/// due. Scheduling an id again replaces its earlier occurrence.
/// </summary>
public sealed class VirtualTimerScheduler : ITimerScheduler
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ScheduledTimer> _pending = new(StringComparer.Ordinal);

    public Task ScheduleAsync(ScheduledTimer timer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(timer);
        lock (_gate)
        {
            _pending[timer.TimerId] = timer;
        }

        return Task.CompletedTask;
    }

    public Task CancelAsync(string timerId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _pending.Remove(timerId);
        }

        return Task.CompletedTask;
    }

    /// <summary>Every timer still scheduled, earliest first (a due notice before the escalation at the same instant).</summary>
    public IReadOnlyList<ScheduledTimer> Pending
    {
        get
        {
            lock (_gate)
            {
                return _pending.Values.OrderBy(t => t.DueAt).ThenBy(t => t.Purpose).ThenBy(t => t.TimerId, StringComparer.Ordinal).ToList();
            }
        }
    }

    /// <summary>Removes and returns the timers due at or before <paramref name="now"/>, earliest first.</summary>
    public IReadOnlyList<ScheduledTimer> TakeDue(DateTimeOffset now)
    {
        lock (_gate)
        {
            var due = _pending.Values.Where(t => t.DueAt <= now).OrderBy(t => t.DueAt).ThenBy(t => t.Purpose).ThenBy(t => t.TimerId, StringComparer.Ordinal).ToList();
            foreach (var timer in due)
            {
                _pending.Remove(timer.TimerId);
            }

            return due;
        }
    }
}
