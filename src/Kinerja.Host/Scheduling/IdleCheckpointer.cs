using Kinerja.Persistence;

namespace Kinerja.Host.Scheduling;

/// <summary>
/// Copies the engine store's SQLite write-ahead log into its database file when the host has gone quiet (no request for
/// a tick), instead of SQLite doing it inside whichever commit takes the log past 1,000 pages: that commit's flush, and
/// every request waiting on it, then waits for the whole copy and a flush of the database file too, 9–14 ms in a burst of
/// 200 officers posting at once (docs/benchmarks.md, session 12). The copy runs on a connection of its own, so under
/// steady traffic it runs anyway after <see cref="CheckpointPolicy.LongestWait"/>: it then holds no one up, it only takes
/// its share of the CPU and the disk. The store's writer still does it itself should the log ever grow far longer
/// (<see cref="StoreOptions.DeferredCheckpointLimitPages"/>).
/// </summary>
public sealed partial class IdleCheckpointer : BackgroundService
{
    /// <summary>How often it looks; a quiet host is one that saw no request arrive in a whole tick.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    private readonly RequestActivity _requests;
    private readonly TimeProvider _clock;
    private readonly PeriodicTimer _timer;
    private readonly Func<bool> _committed;
    private readonly Func<CancellationToken, Task<bool>> _checkpoint;
    private readonly ILogger<IdleCheckpointer> _logger;
    private readonly CheckpointPolicy _policy = new();

    /// <summary>On real time, not the domain clock (which tests move by days): this orders work, it measures no deadline.</summary>
    public IdleCheckpointer(EfWorkflowStore store, RequestActivity requests, ILogger<IdleCheckpointer> logger)
        : this(requests, TimeProvider.System, () => store.HasCommittedSinceCheckpoint, store.CheckpointAsync, logger)
    {
    }

    internal IdleCheckpointer(
        RequestActivity requests,
        TimeProvider clock,
        Func<bool> committed,
        Func<CancellationToken, Task<bool>> checkpoint,
        ILogger<IdleCheckpointer> logger)
    {
        _requests = requests;
        _clock = clock;
        _timer = new PeriodicTimer(Tick, clock);
        _committed = committed;
        _checkpoint = checkpoint;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = _clock.GetTimestamp();
        try
        {
            while (await _timer.WaitForNextTickAsync(stoppingToken))
            {
                var now = _clock.GetElapsedTime(started);
                if (!_policy.ShouldCheckpoint(now, _requests.Started, _requests.InFlight, _committed()))
                {
                    continue;
                }

                try
                {
                    await _checkpoint(stoppingToken);
                    _policy.Checkpointed();
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // Nothing is lost: the commits are durable in the log, and the next quiet tick tries again.
                    LogCheckpointFailed(_logger, ex);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkpointing the engine database's write-ahead log failed; trying again at the next quiet moment")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception);
}

/// <summary>
/// When <see cref="IdleCheckpointer"/> checkpoints: something was committed since the last time, and either no request is in
/// flight and none arrived since the last look, or it has waited <see cref="LongestWait"/> for such a moment.
/// </summary>
internal sealed class CheckpointPolicy
{
    /// <summary>How long a checkpoint waits for a quiet moment before it runs regardless.</summary>
    public static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(5);

    private long? _lastStarted;
    private TimeSpan? _waitingSince;

    /// <param name="now">Time since some fixed start.</param>
    /// <param name="requestsStarted">Requests entered so far (<see cref="RequestActivity.Started"/>).</param>
    /// <param name="requestsInFlight">Requests being answered now.</param>
    /// <param name="committed">Whether the store committed since its last checkpoint.</param>
    public bool ShouldCheckpoint(TimeSpan now, long requestsStarted, int requestsInFlight, bool committed)
    {
        var quiet = requestsInFlight == 0 && requestsStarted == _lastStarted;
        _lastStarted = requestsStarted;
        if (!committed)
        {
            _waitingSince = null;
            return false;
        }

        _waitingSince ??= now;
        return quiet || now - _waitingSince >= LongestWait;
    }

    public void Checkpointed() => _waitingSince = null;
}
