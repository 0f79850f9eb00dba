using Kinerja.Engine;
using Kinerja.Host.Configuration;
using Microsoft.Extensions.Options;

namespace Kinerja.Host.Scheduling;

/// <summary>
/// Hands the engine's committed outbox to Hangfire and the mail router off the request path: woken by every
/// commit that left messages, and every few seconds regardless (messages a crash or a failed port left behind).
/// While requests are being answered it lets them go first, before each port call it makes, for at most
/// <see cref="HangfireSection.YieldToRequests"/> in all per batch: 200 officers posting at once are answered before the
/// mail and timers their posts caused. Yielding only between batches let a batch begun in a quiet moment (or held up in
/// Hangfire's storage) run through a burst of posts: a sixth of the host's CPU in two rounds of eight
/// (docs/benchmarks.md, session 18).
/// </summary>
public sealed partial class OutboxDispatcher(
    WorkflowEngine engine,
    RequestActivity requests,
    IOptions<KinerjaSettings> settings,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private const int BatchSize = 100;
    private static readonly TimeSpan Sweep = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim _signal = new(0, 1);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        engine.OutboxCommitted += OnCommitted;
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        engine.OutboxCommitted -= OnCommitted;
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                int pending;
                do
                {
                    var yielding = new Yielding(requests, settings.Value.Hangfire.YieldToRequests);
                    await yielding.WaitAsync(stoppingToken); // before reading the batch, too
                    pending = await engine.DispatchPendingAsync(BatchSize, yielding.WaitAsync, stoppingToken);
                }
                while (pending >= BatchSize); // a full batch: more may be waiting
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogDispatchFailed(logger, ex);
            }

            try
            {
                await _signal.WaitAsync(Sweep, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void OnCommitted(object? sender, EventArgs e)
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // already signalled
            }
        }
    }

    public override void Dispose()
    {
        _signal.Dispose();
        base.Dispose();
    }

    /// <summary>Waits for the requests in flight before a port call, while the batch's share of waiting lasts.</summary>
    internal sealed class Yielding(RequestActivity requests, TimeSpan budget)
    {
        private TimeSpan _left = budget;

        public async Task WaitAsync(CancellationToken cancellationToken)
        {
            if (_left <= TimeSpan.Zero)
            {
                return;
            }

            var started = TimeProvider.System.GetTimestamp();
            await requests.WaitForQuietAsync(_left, cancellationToken);
            _left -= TimeProvider.System.GetElapsedTime(started);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Dispatching the outbox failed; trying again shortly")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception);
}
