namespace Kinerja.Host.Scheduling;

/// <summary>
/// Collects the youngest generation when the host goes quiet after work, so that the next burst of requests starts
/// with the collector's whole gen-0 budget. Otherwise what the mail and timers of the last burst allocated is left in
/// the budget, and the next burst (200 officers posting at once) pays a collection in its middle: 8–19 ms in which
/// every request stands still (docs/benchmarks.md, sessions 6 and 9). Collected while quiet, it costs a few
/// milliseconds nobody waits for. It checks the runtime's counters a few times a second; nothing else.
/// </summary>
public sealed class IdleCollector : BackgroundService
{
    /// <summary>How often the counters are looked at.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    private readonly RequestActivity _requests;
    private readonly PeriodicTimer _timer;
    private readonly Func<GenerationZero> _sample;
    private readonly Action _collect;
    private readonly IdleCollectionPolicy _policy = new();

    /// <summary>On real time, not the domain clock (which tests move by days): this orders work, it measures no deadline.</summary>
    public IdleCollector(RequestActivity requests)
        : this(requests, TimeProvider.System, GenerationZero.Now, static () => GC.Collect(0, GCCollectionMode.Forced, blocking: true))
    {
    }

    internal IdleCollector(RequestActivity requests, TimeProvider clock, Func<GenerationZero> sample, Action collect)
    {
        _requests = requests;
        _timer = new PeriodicTimer(Tick, clock);
        _sample = sample;
        _collect = collect;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _timer.WaitForNextTickAsync(stoppingToken))
            {
                if (_policy.ShouldCollect(_sample(), _requests.InFlight > 0))
                {
                    _collect();
                    _policy.Collected(_sample());
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }

    public override void Dispose()
    {
        _timer.Dispose();
        base.Dispose();
    }
}

/// <summary>The runtime's gen-0 counters at one instant: collections so far, and bytes allocated so far.</summary>
internal readonly record struct GenerationZero(int Collections, long AllocatedBytes)
{
    public static GenerationZero Now() => new(GC.CollectionCount(0), GC.GetTotalAllocatedBytes());
}

/// <summary>
/// When <see cref="IdleCollector"/> collects: no request in flight, almost nothing allocated since the last look (the
/// background work is done too), and enough allocated since the last collection to be worth one. Then not again
/// until as much has been allocated anew.
/// </summary>
internal sealed class IdleCollectionPolicy
{
    /// <summary>Less than this allocated between two looks counts as quiet.</summary>
    public const long QuietBytes = 256 * 1024;

    /// <summary>A collection is worth it once this much was allocated since the last one (a few hundred requests' worth is far more).</summary>
    public const long WorthCollectingBytes = 4 * 1024 * 1024;

    private GenerationZero? _last;
    private long _sinceCollection;

    public bool ShouldCollect(GenerationZero now, bool requestsInFlight)
    {
        if (_last is not { } last)
        {
            _last = now;
            return false;
        }

        var allocated = now.AllocatedBytes - last.AllocatedBytes;
        // A collection the runtime made since the last look already emptied the budget: count from here.
        _sinceCollection = now.Collections != last.Collections ? allocated : _sinceCollection + allocated;
        _last = now;
        return !requestsInFlight && allocated < QuietBytes && _sinceCollection >= WorthCollectingBytes;
    }

    /// <summary>Called after collecting, with the counters after it.</summary>
    public void Collected(GenerationZero now)
    {
        _last = now;
        _sinceCollection = 0;
    }
}
