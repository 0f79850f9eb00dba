using Kinerja.Host.Scheduling;
using Kinerja.Host.Tests.Support;
using Kinerja.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Kinerja.Host.Tests.Scheduling;

/// <summary>
/// The engine database's write-ahead log is copied into the file when the host has gone quiet after commits, not in the
/// middle of a burst of requests; under steady traffic it is copied anyway once it has waited long enough.
/// </summary>
public sealed class IdleCheckpointerTests
{
    private static readonly TimeSpan Look = IdleCheckpointer.Tick;

    [Fact]
    public void AfterCommits_TheFirstLookWithoutAnyNewRequest_Checkpoints()
    {
        var policy = new CheckpointPolicy();
        var now = TimeSpan.Zero;
        Assert.False(policy.ShouldCheckpoint(now, requestsStarted: 10, requestsInFlight: 3, committed: true)); // the burst

        Assert.False(policy.ShouldCheckpoint(now += Look, requestsStarted: 200, requestsInFlight: 0, committed: true)); // requests came since the last look
        Assert.True(policy.ShouldCheckpoint(now += Look, requestsStarted: 200, requestsInFlight: 0, committed: true)); // none since: quiet
        policy.Checkpointed();

        Assert.False(policy.ShouldCheckpoint(now + Look, requestsStarted: 200, requestsInFlight: 0, committed: false)); // nothing new to copy
    }

    [Fact]
    public void WhileARequestIsInFlight_ItWaits_EvenIfNoNewOneArrived()
    {
        var policy = new CheckpointPolicy();
        var now = TimeSpan.Zero;
        policy.ShouldCheckpoint(now, requestsStarted: 5, requestsInFlight: 1, committed: true);

        Assert.False(policy.ShouldCheckpoint(now += Look, requestsStarted: 5, requestsInFlight: 1, committed: true));
        Assert.False(policy.ShouldCheckpoint(now += Look, requestsStarted: 5, requestsInFlight: 1, committed: true));
        Assert.True(policy.ShouldCheckpoint(now + Look, requestsStarted: 5, requestsInFlight: 0, committed: true));
    }

    [Fact]
    public void UnderSteadyTraffic_ItCheckpointsOnceItHasWaitedTheLongestWait_AndThenWaitsAgain()
    {
        var policy = new CheckpointPolicy();
        var now = TimeSpan.Zero;
        var started = 0L;
        bool Look() => policy.ShouldCheckpoint(now += IdleCheckpointer.Tick, started += 7, requestsInFlight: 2, committed: true);

        var looks = 0;
        while (!Look())
        {
            looks++;
            Assert.True(now < CheckpointPolicy.LongestWait + IdleCheckpointer.Tick, "never checkpointed under steady traffic");
        }

        Assert.True(now >= CheckpointPolicy.LongestWait);
        Assert.True(looks > 1);
        policy.Checkpointed();
        Assert.False(Look()); // the wait starts over
    }

    [Fact]
    public void WithNothingCommitted_ItNeverCheckpoints_HoweverQuietOrLong()
    {
        var policy = new CheckpointPolicy();
        for (var i = 1; i <= 100; i++)
        {
            Assert.False(policy.ShouldCheckpoint(IdleCheckpointer.Tick * i, requestsStarted: 1, requestsInFlight: 0, committed: false));
        }
    }

    [Fact]
    public async Task TheService_CheckpointsWhenQuiet_NotDuringRequests_AndTriesAgainAfterAFailure()
    {
        var clock = new FakeTimeProvider();
        var requests = new RequestActivity();
        var committed = true;
        var looked = new SemaphoreSlim(0);
        var checkpoints = 0;
        var failNext = false;
        using var checkpointer = new IdleCheckpointer(
            requests,
            clock,
            () =>
            {
                looked.Release();
                return committed;
            },
            _ =>
            {
                if (failNext)
                {
                    failNext = false;
                    throw new InvalidOperationException("disk full");
                }

                checkpoints++;
                committed = false;
                return Task.FromResult(true);
            },
            NullLogger<IdleCheckpointer>.Instance);
        await checkpointer.StartAsync(CancellationToken.None);

        async Task TickAsync()
        {
            clock.Advance(IdleCheckpointer.Tick);
            Assert.True(await looked.WaitAsync(TimeSpan.FromSeconds(30)));
        }

        requests.Enter(); // a request in flight, with commits waiting to be copied
        await TickAsync();
        await TickAsync(); // the first look has done all it would
        Assert.Equal(0, checkpoints);

        failNext = true;
        requests.Exit();
        await TickAsync(); // quiet: the copy fails
        await TickAsync(); // still quiet, still to copy: it tries again
        await TickAsync(); // the look after that attempt

        Assert.False(failNext); // the first attempt was made, and failed
        Assert.Equal(1, checkpoints);
        Assert.False(committed);
        await checkpointer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task TheHost_CopiesTheEngineLogIntoItsFile_OnceItIsQuietAfterACommit()
    {
        await using var host = await KinerjaHost.StartAsync();
        var store = host.Services.GetRequiredService<EfWorkflowStore>();

        await host.Engine.StartAsync("sop-pengumpulan-data-kinerja");
        await store.FlushAsync();

        var pending = await Poll.UntilAsync(
            () => Task.FromResult(store.HasCommittedSinceCheckpoint),
            done: committedSince => !committedSince,
            limit: TimeSpan.FromSeconds(30),
            interval: IdleCheckpointer.Tick);
        Assert.False(pending, "the quiet host never checkpointed the engine database");
    }
}
