using Kinerja.Host.Scheduling;
using Microsoft.Extensions.Time.Testing;

namespace Kinerja.Host.Tests.Scheduling;

/// <summary>The host collects gen 0 when it has gone quiet after work, once, and never while requests are in flight.</summary>
public sealed class IdleCollectorTests
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public void AfterABurst_TheFirstQuietLook_Collects_AndThenNotAgainUntilMoreIsAllocated()
    {
        var policy = new IdleCollectionPolicy();
        Assert.False(policy.ShouldCollect(new(10, 100 * MiB), requestsInFlight: false)); // the first look only counts

        Assert.False(policy.ShouldCollect(new(10, 106 * MiB), requestsInFlight: true)); // a burst
        Assert.False(policy.ShouldCollect(new(10, 110 * MiB), requestsInFlight: false)); // its mail and timers, after it
        Assert.True(policy.ShouldCollect(new(10, 110 * MiB + 1024), requestsInFlight: false)); // quiet
        policy.Collected(new(11, 110 * MiB + 2048));

        Assert.False(policy.ShouldCollect(new(11, 110 * MiB + 4096), requestsInFlight: false));
        Assert.False(policy.ShouldCollect(new(11, 111 * MiB), requestsInFlight: false)); // a little work since: not worth one
        Assert.False(policy.ShouldCollect(new(11, 111 * MiB + 1024), requestsInFlight: false));
    }

    [Fact]
    public void WhileRequestsAreInFlight_ItNeverCollects_EvenWhenTheyAllocateNothing()
    {
        var policy = new IdleCollectionPolicy();
        policy.ShouldCollect(new(1, 0), requestsInFlight: false);
        Assert.False(policy.ShouldCollect(new(1, 8 * MiB), requestsInFlight: true));

        Assert.False(policy.ShouldCollect(new(1, 8 * MiB), requestsInFlight: true));
        Assert.True(policy.ShouldCollect(new(1, 8 * MiB), requestsInFlight: false));
    }

    [Fact]
    public void ACollectionTheRuntimeMadeMeanwhile_StartsTheCountAgain()
    {
        var policy = new IdleCollectionPolicy();
        policy.ShouldCollect(new(1, 0), requestsInFlight: false);
        Assert.False(policy.ShouldCollect(new(1, 3 * MiB), requestsInFlight: false));
        Assert.False(policy.ShouldCollect(new(2, 5 * MiB), requestsInFlight: false)); // collected by the runtime: 2 MiB since

        Assert.False(policy.ShouldCollect(new(2, 5 * MiB), requestsInFlight: false));
        Assert.False(policy.ShouldCollect(new(2, 7 * MiB), requestsInFlight: false));
        Assert.True(policy.ShouldCollect(new(2, 7 * MiB), requestsInFlight: false)); // 4 MiB since the runtime's, now quiet
    }

    [Fact]
    public async Task TheService_LooksEveryTick_AndCollectsOnceWhenQuiet()
    {
        var clock = new FakeTimeProvider();
        var requests = new RequestActivity();
        var counters = new GenerationZero(1, 0);
        var collected = 0;
        var looked = new SemaphoreSlim(0);
        using var collector = new IdleCollector(requests, clock, () =>
        {
            looked.Release();
            return counters;
        }, () =>
        {
            collected++;
            counters = counters with { Collections = counters.Collections + 1 };
        });
        await collector.StartAsync(CancellationToken.None);

        async Task TickAsync()
        {
            clock.Advance(IdleCollector.Tick);
            Assert.True(await looked.WaitAsync(TimeSpan.FromSeconds(30)));
        }

        await TickAsync();
        requests.Enter();
        counters = counters with { AllocatedBytes = 20 * MiB };
        await TickAsync();
        await TickAsync();
        Assert.Equal(0, collected);
        requests.Exit();
        await TickAsync();
        Assert.True(await looked.WaitAsync(TimeSpan.FromSeconds(30))); // the look after collecting
        await TickAsync();

        Assert.Equal(1, collected);
        await collector.StopAsync(CancellationToken.None);
    }
}
