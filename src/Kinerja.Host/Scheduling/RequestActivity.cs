namespace Kinerja.Host.Scheduling;

/// <summary>
/// Counts the HTTP requests being answered, so that background work can let people go first: an officer's click is
/// answered before the mail and timers it caused are handed on, unless that would keep the background waiting too long.
/// </summary>
/// <param name="clock">
/// What the waits count on: real time in the host (this orders work, it measures no deadline), so never the domain clock a
/// test moves by hand; a test of this class gives it a clock of its own.
/// </param>
public sealed class RequestActivity(TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>How long the host must stay without requests before it counts as quiet (the next request of a burst is usually this close).</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(20);

    private readonly Lock _gate = new();
    private int _inFlight;
    private long _started;
    private TaskCompletionSource _idle = NewIdle(completed: true);

    public int InFlight
    {
        get
        {
            lock (_gate)
            {
                return _inFlight;
            }
        }
    }

    /// <summary>How many requests have been entered so far: two looks that see the same count saw no request arrive between them.</summary>
    public long Started
    {
        get
        {
            lock (_gate)
            {
                return _started;
            }
        }
    }

    public void Enter()
    {
        lock (_gate)
        {
            _started++;
            if (_inFlight++ == 0)
            {
                _idle = NewIdle(completed: false);
            }
        }
    }

    public void Exit()
    {
        lock (_gate)
        {
            if (--_inFlight == 0)
            {
                _idle.TrySetResult();
            }
        }
    }

    /// <summary>
    /// Waits until no request has been in flight for <see cref="Settle"/>, or until <paramref name="atMost"/> has passed.
    /// Returns at once when nothing is in flight.
    /// </summary>
    /// <returns>True when the host is quiet, false when the wait gave up.</returns>
    public async Task<bool> WaitForQuietAsync(TimeSpan atMost, CancellationToken cancellationToken = default)
    {
        var started = _clock.GetTimestamp();
        Task idle;
        lock (_gate)
        {
            if (_inFlight == 0)
            {
                return true;
            }

            idle = _idle.Task;
        }

        while (true)
        {
            var left = atMost - _clock.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                return false;
            }

            if (await Task.WhenAny(idle, Task.Delay(left, _clock, cancellationToken)) != idle)
            {
                cancellationToken.ThrowIfCancellationRequested();
                return false;
            }

            await Task.Delay(Settle, _clock, cancellationToken);
            lock (_gate)
            {
                if (_inFlight == 0)
                {
                    return true;
                }

                idle = _idle.Task;
            }
        }
    }

    private static TaskCompletionSource NewIdle(bool completed)
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed)
        {
            source.SetResult();
        }

        return source;
    }
}
