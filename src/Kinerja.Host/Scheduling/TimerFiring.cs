using Hangfire;
using Kinerja.Engine;
using Kinerja.Engine.Storage;
using Kinerja.Engine.Timers;
using Kinerja.Host.Data;
using Microsoft.EntityFrameworkCore;

namespace Kinerja.Host.Scheduling;

/// <summary>
/// The Hangfire job of one engine timer. Idempotent twice over: a timer no longer in <c>timer_jobs</c> (cancelled
/// or fired) does nothing, and the engine itself ignores a timer fired a second time or one whose task is done.
/// </summary>
public sealed class TimerFiring(HostDbContextFactory contexts, WorkflowEngine engine)
{
    [AutomaticRetry(Attempts = 10)]
    public async Task<bool> FireAsync(string timerId, CancellationToken cancellationToken = default) =>
        (await FireRowAsync(timerId, cancellationToken)).Fired;

    /// <summary>
    /// Fires the timer ahead of its Hangfire job (<see cref="NearTimers"/>); returns that job's id, which then has nothing
    /// left to do, or null when there was no timer to fire. When firing fails the job stays and tries again.
    /// </summary>
    public async Task<string?> FireAheadOfJobAsync(string timerId, CancellationToken cancellationToken = default) =>
        (await FireRowAsync(timerId, cancellationToken)).JobId;

    private async Task<(bool Fired, string? JobId)> FireRowAsync(string timerId, CancellationToken cancellationToken)
    {
        TimerJob? row;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            row = await db.TimerJobs.AsNoTracking().FirstOrDefaultAsync(t => t.TimerId == timerId, cancellationToken);
        }

        if (row is null)
        {
            return (false, null);
        }

        var timer = EngineJson.Deserialize<ScheduledTimer>(row.Payload);
        var fired = await engine.FireTimerAsync(timer, cancellationToken);
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            await db.TimerJobs.Where(t => t.TimerId == timerId).ExecuteDeleteAsync(cancellationToken);
        }

        return (fired, row.HangfireJobId);
    }

    /// <summary>Timers due by <paramref name="instant"/>, earliest first (for catch-up and for tests that move the clock).</summary>
    public async Task<IReadOnlyList<string>> DueAsync(DateTimeOffset instant, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.TimerJobs.AsNoTracking().Where(t => t.DueAt <= instant).OrderBy(t => t.DueAt).ThenBy(t => t.TimerId)
            .Select(t => t.TimerId).ToListAsync(cancellationToken);
    }
}
