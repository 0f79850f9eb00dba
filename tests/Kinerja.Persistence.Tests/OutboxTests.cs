using Kinerja.Engine;
using Kinerja.Engine.Calendar;
using Kinerja.Engine.Notifications;
using Kinerja.Engine.Storage;
using Kinerja.Engine.Timers;
using Kinerja.Persistence.Providers;
using Kinerja.Persistence.Tests.Support;
using Kinerja.Testing;

namespace Kinerja.Persistence.Tests;

public sealed class OutboxTests
{
    /// <summary>A timer port that is down until told otherwise.</summary>
    private sealed class FlakyTimers : ITimerScheduler
    {
        public bool Down { get; set; } = true;

        public VirtualTimerScheduler Inner { get; } = new();

        public Task ScheduleAsync(ScheduledTimer timer, CancellationToken cancellationToken = default) =>
            Down ? throw new IOException("scheduler unreachable") : Inner.ScheduleAsync(timer, cancellationToken);

        public Task CancelAsync(string timerId, CancellationToken cancellationToken = default) =>
            Down ? throw new IOException("scheduler unreachable") : Inner.CancelAsync(timerId, cancellationToken);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task WhatCouldNotBeDispatched_StaysInTheTable_AndGoesOutLater_InOrder_UnderTheSameIds(DatabaseProvider provider)
    {
        await using var store = await StoreEngine.CreateAsync(provider);
        var timers = new FlakyTimers();
        var notifications = new RecordingNotificationSink();
        var engine = new WorkflowEngine(store.Store, timers, notifications, store.Clock, new WorkingCalendarProvider(store.Calendar));
        await engine.DeployAsync(FourStepsProcess.Xml);

        var instance = await engine.StartAsync("four");

        // The command itself is committed; its messages wait in the outbox, the whole commit's worth, in order:
        // the task link went out before the timer port failed, and will go out again under the same id.
        await store.Store.FlushAsync();
        Assert.Single((await engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id })).Items);
        var pending = await store.Store.GetPendingOutboxAsync(100);
        Assert.Equal(["notify", "schedule", "schedule", "schedule"], pending.Select(m => m.Id.Split(':')[0]));
        Assert.Empty(timers.Inner.Pending);

        timers.Down = false;
        var dispatched = await engine.DispatchPendingAsync();
        await store.Store.FlushAsync();
        await engine.DispatchPendingAsync();
        await store.Store.FlushAsync();

        Assert.Equal(pending.Count, dispatched);
        Assert.Equal(3, timers.Inner.Pending.Count);
        var links = notifications.Published.Where(n => n.Kind == NotificationKind.TaskCreated).ToList();
        Assert.Equal(2, links.Count); // at least once: a consumer keeps one per id
        Assert.Single(links.Select(n => n.Id).Distinct());
        Assert.Empty(await store.Store.GetPendingOutboxAsync(100));
    }

    [Fact]
    public async Task WithDispatchDeferred_ACommandOnlySignals_AndTheDispatcherHandsEverythingOver()
    {
        await using var store = await StoreEngine.CreateAsync(DatabaseProvider.Sqlite);
        var (engine, timers, notifications) = DeferredDispatch(store);
        var signals = 0;
        engine.OutboxCommitted += (_, _) => Interlocked.Increment(ref signals);
        await engine.DeployAsync(FourStepsProcess.Xml);

        await engine.StartAsync("four");
        await store.Store.FlushAsync();

        Assert.Equal(1, signals);
        Assert.Empty(notifications.Published);
        Assert.Empty(timers.Pending);
        Assert.Equal(4, await engine.DispatchPendingAsync());
        await store.Store.FlushAsync();
        Assert.Single(notifications.Published);
        Assert.Equal(3, timers.Pending.Count);
        Assert.Empty(await store.Store.GetPendingOutboxAsync(100));
    }

    [Fact]
    public async Task ConsecutiveTimerChanges_GoToTheTimerPortInOneCall_InTheirOrder()
    {
        await using var store = await StoreEngine.CreateAsync(DatabaseProvider.Sqlite);
        var timers = new RunRecordingTimers();
        var notifications = new RecordingNotificationSink();
        var engine = new WorkflowEngine(
            store.Store, timers, notifications, store.Clock, new WorkingCalendarProvider(store.Calendar),
            options: new Kinerja.Engine.Execution.EngineOptions { DispatchAfterCommit = false });
        await engine.DeployAsync(FourStepsProcess.Xml);
        var instance = await engine.StartAsync("four");
        await store.Store.FlushAsync();
        var first = Assert.Single((await engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id })).Items);
        await engine.CompleteTaskAsync(first.Id, "kabag");
        await store.Store.FlushAsync();

        // Two commits pending: notify + 3 schedules; then 3 cancels, notify (completed), notify (created), 3 schedules.
        Assert.Equal(12, await engine.DispatchPendingAsync());

        Assert.Equal(2, timers.Runs.Count);
        var firstTimers = timers.Runs[0][..3];
        Assert.All(firstTimers, c => Assert.NotNull(c.Schedule));
        Assert.Equal(firstTimers.Select(c => c.Schedule!.TimerId), timers.Runs[0][3..].Select(c => c.CancelTimerId)); // then cancelled, after
        Assert.Equal(3, timers.Runs[1].Length);
        Assert.All(timers.Runs[1], c => Assert.NotNull(c.Schedule));
        Assert.Equal([NotificationKind.TaskCreated, NotificationKind.TaskCompleted, NotificationKind.TaskCreated], notifications.Published.Select(n => n.Kind));
        Assert.Equal(3, timers.Inner.Pending.Count); // applied in order: the second task's timers stand, the first's are gone
        Assert.DoesNotContain(timers.Inner.Pending, t => firstTimers.Any(c => c.Schedule!.TimerId == t.TimerId));
        await store.Store.FlushAsync();
        Assert.Empty(await store.Store.GetPendingOutboxAsync(100));
    }

    [Fact]
    public async Task ARunOfTimerChangesTheTimerPortRefuses_StaysPending_WithEverythingAfterIt()
    {
        await using var store = await StoreEngine.CreateAsync(DatabaseProvider.Sqlite);
        var timers = new FlakyTimers();
        var notifications = new RecordingNotificationSink();
        var engine = new WorkflowEngine(
            store.Store, timers, notifications, store.Clock, new WorkingCalendarProvider(store.Calendar),
            options: new Kinerja.Engine.Execution.EngineOptions { DispatchAfterCommit = false });
        await engine.DeployAsync(FourStepsProcess.Xml);
        await engine.StartAsync("four");
        await engine.StartAsync("four");
        await store.Store.FlushAsync();

        Assert.Equal(8, await engine.DispatchPendingAsync());
        await store.Store.FlushAsync();

        // The first commit's notification went out; its run of schedules failed, so both commits wait, whole.
        Assert.Single(notifications.Published);
        Assert.Equal(8, (await store.Store.GetPendingOutboxAsync(100)).Count);

        timers.Down = false;
        Assert.Equal(8, await engine.DispatchPendingAsync());
        await store.Store.FlushAsync();
        Assert.Equal(6, timers.Inner.Pending.Count);
        Assert.Empty(await store.Store.GetPendingOutboxAsync(100));
    }

    [Fact]
    public async Task APendingDispatch_AwaitsTheCallersTurnBeforeEachPortCall_NotOnlyBeforeTheBatch()
    {
        await using var store = await StoreEngine.CreateAsync(DatabaseProvider.Sqlite);
        var (engine, timers, notifications) = DeferredDispatch(store);
        await engine.DeployAsync(FourStepsProcess.Xml);
        await engine.StartAsync("four");
        await store.Store.FlushAsync(); // four messages pending: notify, then three schedules (one call to the timer port)

        var turns = 0;
        var secondTurn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var goOn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var dispatching = engine.DispatchPendingAsync(100, _ =>
        {
            if (Interlocked.Increment(ref turns) != 2)
            {
                return Task.CompletedTask;
            }

            secondTurn.TrySetResult();
            return goOn.Task; // the host's requests are still being answered
        });

        await secondTurn.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Single(notifications.Published); // the first message went out; the second waits for its turn
        Assert.Empty(timers.Pending);
        Assert.False(dispatching.IsCompleted);

        goOn.SetResult();
        Assert.Equal(4, await dispatching.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(2, turns);
        Assert.Equal(3, timers.Pending.Count);
    }

    /// <summary>A timer port that keeps each call's changes, and applies them.</summary>
    private sealed class RunRecordingTimers : ITimerScheduler
    {
        public VirtualTimerScheduler Inner { get; } = new();

        public List<TimerChange[]> Runs { get; } = [];

        public Task ScheduleAsync(ScheduledTimer timer, CancellationToken cancellationToken = default) => ApplyAsync([TimerChange.ToSchedule(timer)], cancellationToken);

        public Task CancelAsync(string timerId, CancellationToken cancellationToken = default) => ApplyAsync([TimerChange.ToCancel(timerId)], cancellationToken);

        public Task ApplyAsync(IReadOnlyList<TimerChange> changes, CancellationToken cancellationToken = default)
        {
            Runs.Add([.. changes]);
            return ((ITimerScheduler)Inner).ApplyAsync(changes, cancellationToken);
        }
    }

    /// <summary>An engine over the store whose commands only signal; their messages wait for <c>DispatchPendingAsync</c>.</summary>
    private static (WorkflowEngine Engine, VirtualTimerScheduler Timers, RecordingNotificationSink Notifications) DeferredDispatch(StoreEngine store)
    {
        var timers = new VirtualTimerScheduler();
        var notifications = new RecordingNotificationSink();
        var engine = new WorkflowEngine(
            store.Store, timers, notifications, store.Clock, new WorkingCalendarProvider(store.Calendar),
            options: new Kinerja.Engine.Execution.EngineOptions { DispatchAfterCommit = false });
        return (engine, timers, notifications);
    }
}
