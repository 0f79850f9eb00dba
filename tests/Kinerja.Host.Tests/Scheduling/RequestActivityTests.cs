using Kinerja.Host.Scheduling;
using Microsoft.Extensions.Time.Testing;

namespace Kinerja.Host.Tests.Scheduling;

/// <summary>Background work waits for requests in flight, but never longer than it was told. Time is moved by hand.</summary>
public sealed class RequestActivityTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task WithNothingInFlight_TheWaitIsOverAtOnce()
    {
        var activity = new RequestActivity();

        var wait = activity.WaitForQuietAsync(TimeSpan.FromMinutes(5));

        Assert.True(wait.IsCompletedSuccessfully);
        Assert.True(await wait);
    }

    [Fact]
    public void Started_CountsEveryRequestEntered_SoTwoLooksTellWhetherOneArrivedBetweenThem()
    {
        var activity = new RequestActivity();
        activity.Enter();
        activity.Exit();
        var first = activity.Started;

        activity.Enter();
        activity.Exit();

        Assert.Equal(1, first);
        Assert.Equal(2, activity.Started);
        Assert.Equal(0, activity.InFlight);
    }

    [Fact]
    public async Task TheWait_EndsWhenTheLastRequestIsAnswered()
    {
        var clock = new WatchedClock();
        var activity = new RequestActivity(clock);
        activity.Enter();
        activity.Enter();

        var wait = activity.WaitForQuietAsync(TimeSpan.FromMinutes(5));
        activity.Exit();
        clock.Advance(RequestActivity.Settle * 3);
        Assert.False(wait.IsCompleted);
        Assert.Equal(1, activity.InFlight);

        activity.Exit();
        await clock.TimerCreatedAsync(2); // the wait, woken by the last answer, now counts the settle time
        Assert.False(wait.IsCompleted);
        clock.Advance(RequestActivity.Settle);

        Assert.True(await wait.WaitAsync(Bound));
        Assert.Equal(0, activity.InFlight);
    }

    [Fact]
    public async Task ANewRequestWithinTheSettleTime_KeepsTheBackgroundWaiting()
    {
        var clock = new WatchedClock();
        var activity = new RequestActivity(clock);
        activity.Enter();
        var wait = activity.WaitForQuietAsync(TimeSpan.FromMinutes(5));

        activity.Exit();
        activity.Enter(); // the next request of the burst, before the host counts as quiet
        await clock.TimerCreatedAsync(2); // the settle time, counting
        clock.Advance(RequestActivity.Settle * 3);
        await Task.WhenAny(wait, clock.TimerCreatedAsync(3)); // it looked again and went back to waiting for the request
        Assert.False(wait.IsCompleted);

        activity.Exit();
        await clock.TimerCreatedAsync(4);
        clock.Advance(RequestActivity.Settle);
        Assert.True(await wait.WaitAsync(Bound));
    }

    [Fact]
    public async Task WhileARequestStaysInFlight_TheWaitGivesUpAfterItsLimit()
    {
        var clock = new WatchedClock();
        var activity = new RequestActivity(clock);
        activity.Enter();

        var wait = activity.WaitForQuietAsync(TimeSpan.FromMilliseconds(50));
        clock.Advance(TimeSpan.FromMilliseconds(49));
        Assert.False(wait.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.False(await wait.WaitAsync(Bound));
        Assert.False(await activity.WaitForQuietAsync(TimeSpan.Zero));
        Assert.Equal(1, activity.InFlight);
    }

    /// <summary>A hand-moved clock that tells when a wait has started counting on it (a timer was created), so a test moves time only then.</summary>
    private sealed class WatchedClock : FakeTimeProvider
    {
        private readonly Lock _gate = new();
        private readonly List<(int Count, TaskCompletionSource Reached)> _watchers = [];
        private int _created;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            lock (_gate)
            {
                _created++;
                foreach (var (count, reached) in _watchers)
                {
                    if (_created >= count)
                    {
                        reached.TrySetResult();
                    }
                }
            }

            return timer;
        }

        /// <summary>Completes once <paramref name="count"/> timers have been created; fails the test after a bound of real time.</summary>
        public Task TimerCreatedAsync(int count)
        {
            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                if (_created >= count)
                {
                    reached.TrySetResult();
                }
                else
                {
                    _watchers.Add((count, reached));
                }
            }

            return reached.Task.WaitAsync(Bound);
        }
    }
}
