using System.Threading.Channels;
using Hangfire;
using Kinerja.Host.Data;
using Microsoft.EntityFrameworkCore;

namespace Kinerja.Host.Scheduling;

/// <summary>
/// Fires engine timers at their instant from this process. A Hangfire scheduled job starts late by design: the scheduler
/// moves it to its queue on its next poll (every second by default) and a worker takes it on the worker's own next poll,
/// so a reminder could start two polling intervals after its instant, and its mail then waited for a third. Timers due
/// within <see cref="Horizon"/> are kept here in memory and handed to <see cref="TimerFiring"/> when due; the Hangfire
/// job stays as the durable backstop (a restart, a crash, a failed attempt) and does nothing once the timer has fired,
/// as a timer fired twice changes nothing. Runs only where the Hangfire server runs.
/// </summary>
public sealed partial class NearTimers(
    IServiceProvider services, HostDbContextFactory contexts, IBackgroundJobClient jobs, TimeProvider clock, ILogger<NearTimers> logger) : BackgroundService
{
    /// <summary>Timers due within this much are kept in memory; further ones are read from <c>timer_jobs</c> as they come near.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromMinutes(2);

    /// <summary>How many timers fire at once (their commits share the store's group commit).</summary>
    private const int Firers = 4;

    private readonly Lock _lock = new();
    private readonly PriorityQueue<string, DateTimeOffset> _queue = new();
    private readonly Dictionary<string, DateTimeOffset> _pending = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly Channel<string> _due = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleWriter = true });

    // Hangfire jobs of timers fired here, deleted by one loop off the firing path (Hangfire's SQLite storage takes one
    // writer at a time, and its client API blocks); a job not yet deleted when it runs does nothing.
    private readonly Channel<string> _spentJobs = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private volatile bool _running;

    // Resolved lazily: the timer port (HangfireTimerScheduler) tells this class about new timers, and firing needs the
    // engine, which depends on that port.
    private TimerFiring Firing => services.GetRequiredService<TimerFiring>();

    /// <summary>Called once a timer's row and job are stored: keeps it here if it is due soon.</summary>
    public void Add(string timerId, DateTimeOffset dueAt)
    {
        if (!_running || dueAt > clock.GetUtcNow() + Horizon)
        {
            return;
        }

        bool earliest;
        lock (_lock)
        {
            if (_pending.TryGetValue(timerId, out var known) && known == dueAt)
            {
                return;
            }

            _pending[timerId] = dueAt;
            _queue.Enqueue(timerId, dueAt);
            earliest = _queue.TryPeek(out _, out var first) && first == dueAt;
        }

        if (earliest)
        {
            Wake();
        }
    }

    /// <summary>The timer was cancelled: it is not fired from here (the row is gone, so it would do nothing anyway).</summary>
    public void Remove(string timerId)
    {
        lock (_lock)
        {
            _pending.Remove(timerId);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _running = true;
        var firers = Enumerable.Range(0, Firers).Select(_ => FireLoopAsync(stoppingToken)).ToList();
        var deleter = Task.Run(DeleteSpentJobsAsync, CancellationToken.None);
        var nextScan = DateTimeOffset.MinValue;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var now = clock.GetUtcNow();
                if (now >= nextScan)
                {
                    await ScanAsync(now, stoppingToken);
                    nextScan = now + Horizon / 2;
                }

                var wait = nextScan - now;
                lock (_lock)
                {
                    while (_queue.TryPeek(out var id, out var dueAt))
                    {
                        if (!_pending.TryGetValue(id, out var current) || current != dueAt)
                        {
                            _queue.Dequeue(); // removed, or queued again for another instant
                            continue;
                        }

                        if (dueAt > now)
                        {
                            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks, (dueAt - now).Ticks));
                            break;
                        }

                        _queue.Dequeue();
                        _pending.Remove(id);
                        _due.Writer.TryWrite(id);
                    }
                }

                if (wait > TimeSpan.Zero)
                {
                    await _wake.WaitAsync(wait, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _running = false;
            _due.Writer.TryComplete();
            await Task.WhenAll(firers);
            _spentJobs.Writer.TryComplete();
            await deleter;
        }
    }

    /// <summary>Timers stored by another process or before this one started, now within the horizon.</summary>
    private async Task ScanAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            var until = now + Horizon;
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var near = await db.TimerJobs.AsNoTracking().Where(t => t.DueAt <= until)
                .Select(t => new { t.TimerId, t.DueAt }).ToListAsync(cancellationToken);
            foreach (var timer in near)
            {
                Add(timer.TimerId, timer.DueAt);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogScanFailed(logger, ex);
        }
    }

    private async Task FireLoopAsync(CancellationToken stoppingToken)
    {
        await foreach (var timerId in _due.Reader.ReadAllAsync(CancellationToken.None))
        {
            if (stoppingToken.IsCancellationRequested)
            {
                continue; // left to the Hangfire job
            }

            try
            {
                if (await Firing.FireAheadOfJobAsync(timerId, stoppingToken) is { } jobId)
                {
                    _spentJobs.Writer.TryWrite(jobId);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogFireFailed(logger, timerId, ex); // the Hangfire job tries again
            }
        }
    }

    private async Task DeleteSpentJobsAsync()
    {
        await foreach (var jobId in _spentJobs.Reader.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                jobs.Delete(jobId);
            }
            catch (Exception ex)
            {
                LogDeleteFailed(logger, jobId, ex); // it runs and finds nothing to do
            }
        }
    }

    private void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // already woken
            }
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Firing timer {TimerId} in process failed; its Hangfire job will try again")]
    private static partial void LogFireFailed(ILogger logger, string timerId, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deleting the spent Hangfire job {JobId} failed; it will run and do nothing")]
    private static partial void LogDeleteFailed(ILogger logger, string jobId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the timers due soon failed; trying again shortly")]
    private static partial void LogScanFailed(ILogger logger, Exception exception);
}
