using Kinerja.Host.Scheduling;

namespace Kinerja.Host.Tests.Scheduling;

/// <summary>Background work waits for requests in flight, but never longer than it was told.</summary>
public sealed class RequestActivityTests
{
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
        var activity = new RequestActivity();
        activity.Enter();
        activity.Enter();

        var wait = activity.WaitForQuietAsync(TimeSpan.FromMinutes(5));
        activity.Exit();
        await Task.Yield();
        Assert.False(wait.IsCompleted);
        Assert.Equal(1, activity.InFlight);
        activity.Exit();

        Assert.True(await wait.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, activity.InFlight);
    }

    [Fact]
    public async Task ANewRequestWithinTheSettleTime_KeepsTheBackgroundWaiting()
    {
        var activity = new RequestActivity();
        activity.Enter();
        var wait = activity.WaitForQuietAsync(TimeSpan.FromMinutes(5));

        activity.Exit();
        activity.Enter(); // the next request of the burst, before the host counts as quiet
        await Task.Delay(RequestActivity.Settle * 3);
        Assert.False(wait.IsCompleted);

        activity.Exit();
        Assert.True(await wait.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task WhileARequestStaysInFlight_TheWaitGivesUpAfterItsLimit()
    {
        var activity = new RequestActivity();
        activity.Enter();

        Assert.False(await activity.WaitForQuietAsync(TimeSpan.FromMilliseconds(50)).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.False(await activity.WaitForQuietAsync(TimeSpan.Zero));
        Assert.Equal(1, activity.InFlight);
    }
}
