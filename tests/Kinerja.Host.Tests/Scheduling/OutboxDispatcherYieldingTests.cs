using Kinerja.Host.Scheduling;

namespace Kinerja.Host.Tests.Scheduling;

/// <summary>The outbox dispatcher's turn before each message it hands on: requests in flight first, within the batch's share.</summary>
public sealed class OutboxDispatcherYieldingTests
{
    [Fact]
    public void WithNoRequestInFlight_EachMessageGoesAtOnce()
    {
        var yielding = new OutboxDispatcher.Yielding(new RequestActivity(), TimeSpan.FromMinutes(5));

        Assert.True(yielding.WaitAsync(CancellationToken.None).IsCompletedSuccessfully);
        Assert.True(yielding.WaitAsync(CancellationToken.None).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task ARequestThatArrivesMidBatch_IsAnsweredBeforeTheNextMessage()
    {
        var activity = new RequestActivity();
        var yielding = new OutboxDispatcher.Yielding(activity, TimeSpan.FromMinutes(5));
        await yielding.WaitAsync(CancellationToken.None); // the batch's first message: nothing in flight

        activity.Enter(); // an officer posts while that message is handed on
        var next = yielding.WaitAsync(CancellationToken.None);
        await Task.Yield();
        Assert.False(next.IsCompleted);

        activity.Exit();
        await next.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void ABatchWhoseShareIsSpent_GoesOnDespiteRequests()
    {
        var activity = new RequestActivity();
        var yielding = new OutboxDispatcher.Yielding(activity, TimeSpan.Zero);
        activity.Enter(); // requests without end

        Assert.True(yielding.WaitAsync(CancellationToken.None).IsCompletedSuccessfully);
        Assert.True(yielding.WaitAsync(CancellationToken.None).IsCompletedSuccessfully);
        Assert.Equal(1, activity.InFlight);
    }
}
