using Kinerja.Engine.Execution;

namespace Kinerja.Engine.Tests.Execution;

public sealed class InstanceGateTests
{
    private static readonly Guid Instance = Guid.Parse("0195f0c2-7d3a-7b00-8000-000000000001");
    private static readonly Guid Other = Guid.Parse("0195f0c2-7d3a-7b00-8000-000000000002");
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task ASecondCommandOnTheInstance_WaitsUntilTheFirstLetsGo()
    {
        var gate = new InstanceGate();
        var first = await gate.EnterAsync(Instance, Long, CancellationToken.None);

        var second = gate.EnterAsync(Instance, Long, CancellationToken.None);
        Assert.NotNull(first);
        Assert.False(second.IsCompleted);

        first.Dispose();
        using var lease = await second;
        Assert.NotNull(lease);
    }

    [Fact]
    public async Task CommandsOnOtherInstances_DoNotWait()
    {
        var gate = new InstanceGate();
        using var first = await gate.EnterAsync(Instance, Long, CancellationToken.None);

        var other = gate.EnterAsync(Other, Long, CancellationToken.None);

        Assert.True(other.IsCompletedSuccessfully);
        using var lease = await other;
        Assert.NotNull(lease);
    }

    [Fact]
    public async Task WithoutWaiting_ATakenInstanceGivesNoLease_AndNothingIsLeftBehind()
    {
        var gate = new InstanceGate();
        var first = await gate.EnterAsync(Instance, Long, CancellationToken.None);

        Assert.Null(await gate.EnterAsync(Instance, TimeSpan.Zero, CancellationToken.None));
        first!.Dispose();
        first.Dispose(); // twice changes nothing

        Assert.Equal(0, gate.Count);
        using var again = await gate.EnterAsync(Instance, TimeSpan.Zero, CancellationToken.None);
        Assert.NotNull(again);
    }

    [Fact]
    public async Task AWaitCancelled_LeavesTheQueue()
    {
        var gate = new InstanceGate();
        var first = await gate.EnterAsync(Instance, Long, CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var waiting = gate.EnterAsync(Instance, Long, cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        first!.Dispose();
        Assert.Equal(0, gate.Count);
    }

    [Fact]
    public async Task ManyCommandsOnOneInstance_HoldItOneAtATime()
    {
        var gate = new InstanceGate();
        var inside = 0;
        var mostInside = 0;

        await Task.WhenAll(Enumerable.Range(0, 42).Select(_ => Task.Run(async () =>
        {
            using var lease = await gate.EnterAsync(Instance, Long, CancellationToken.None);
            Assert.NotNull(lease);
            var now = Interlocked.Increment(ref inside);
            InterlockedMax(ref mostInside, now);
            await Task.Yield();
            Interlocked.Decrement(ref inside);
        })));

        Assert.Equal(1, mostInside);
        Assert.Equal(0, gate.Count);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
