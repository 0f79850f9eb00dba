using Kinerja.Engine;
using Kinerja.Engine.Calendar;
using Kinerja.Engine.Notifications;
using Kinerja.Engine.Storage;
using Kinerja.Engine.Timers;
using Kinerja.Persistence.Providers;
using Kinerja.Persistence.Tests.Support;

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
    public async Task WhatCouldNotBeDispatched_StaysInTheTable_AndIsDispatchedOnceLater_InOrder(DatabaseProvider provider)
    {
        await using var store = await StoreEngine.CreateAsync(provider);
        var timers = new FlakyTimers();
        var notifications = new RecordingNotificationSink();
        var engine = new WorkflowEngine(store.Store, timers, notifications, store.Clock, new WorkingCalendarProvider(store.Calendar));
        await engine.DeployAsync(Processes.FourSteps);

        var instance = await engine.StartAsync("four");

        // The command itself is committed; its timers wait in the outbox (once the dispatch marks have landed).
        await store.Store.FlushAsync();
        Assert.Single((await engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id })).Items);
        var pending = await store.Store.GetPendingOutboxAsync(100);
        Assert.Equal(3, pending.Count(m => m.Schedule is not null));
        Assert.Empty(timers.Inner.Pending);

        timers.Down = false;
        var dispatched = await engine.DispatchPendingAsync();
        await store.Store.FlushAsync();
        await engine.DispatchPendingAsync();
        await store.Store.FlushAsync();

        Assert.Equal(pending.Count, dispatched);
        Assert.Equal(3, timers.Inner.Pending.Count);
        Assert.Single(notifications.Published, n => n.Kind == NotificationKind.TaskCreated);
        Assert.Empty(await store.Store.GetPendingOutboxAsync(100));
    }
}
