using Kinerja.Engine;
using Kinerja.Host.Configuration;
using Microsoft.Extensions.Options;

namespace Kinerja.Host.Scheduling;

/// <summary>
/// Hands the engine's committed outbox to Hangfire and the mail router off the request path: woken by every
/// commit that left messages, and every few seconds regardless (messages a crash or a failed port left behind).
/// While requests are being answered it lets them go first, for at most <see cref="HangfireSection.YieldToRequests"/>
/// per batch: 200 officers posting at once are answered before the mail and timers their posts caused.
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
                do
                {
                    await requests.WaitForQuietAsync(settings.Value.Hangfire.YieldToRequests, stoppingToken);
                }
                while (await engine.DispatchPendingAsync(BatchSize, stoppingToken) >= BatchSize); // a full batch: more may be waiting
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Dispatching the outbox failed; trying again shortly")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception);
}
