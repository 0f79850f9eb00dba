using Hangfire;
using Kinerja.Engine.Storage;
using Kinerja.Engine.Timers;
using Kinerja.Host.Data;
using Microsoft.EntityFrameworkCore;

namespace Kinerja.Host.Scheduling;

/// <summary>
/// The engine's timer port on Hangfire: each timer becomes a scheduled job at its instant, remembered in
/// <c>timer_jobs</c> so that it can be deleted when its task ends. The row is written before the job, so a
/// job never runs for a timer the host does not know; scheduling the same timer twice makes one job.
/// </summary>
public sealed class HangfireTimerScheduler(HostDbContextFactory contexts, IBackgroundJobClient jobs, NearTimers near) : ITimerScheduler
{
    public async Task ScheduleAsync(ScheduledTimer timer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(timer);
        var key = TimerJob.KeyOf(timer);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.TimerJobs.FirstOrDefaultAsync(t => t.TimerId == key, cancellationToken);
        if (row is null)
        {
            row = new TimerJob { TimerId = key, Payload = EngineJson.Serialize(timer), DueAt = timer.DueAt };
            db.TimerJobs.Add(row);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException) when (!cancellationToken.IsCancellationRequested)
            {
                await using var check = await contexts.CreateDbContextAsync(cancellationToken);
                if (!await check.TimerJobs.AsNoTracking().AnyAsync(t => t.TimerId == key, cancellationToken))
                {
                    throw;
                }

                return; // another dispatcher scheduled it first
            }
        }
        else if (row.HangfireJobId is not null)
        {
            return;
        }

        row.HangfireJobId = jobs.Schedule<TimerFiring>(f => f.FireAsync(key, CancellationToken.None), timer.DueAt);
        await db.SaveChangesAsync(cancellationToken);
        near.Add(key, timer.DueAt);
    }

    /// <summary>Cancels every occurrence of the engine's timer that is still scheduled.</summary>
    public async Task CancelAsync(string timerId, CancellationToken cancellationToken = default)
    {
        var prefix = TimerJob.OccurrencePrefix(timerId);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.TimerJobs.Where(KeyPrefix.StartsWith<TimerJob>(db.Database, t => t.TimerId, prefix)).ToListAsync(cancellationToken);
        foreach (var row in rows)
        {
            near.Remove(row.TimerId);
            if (row.HangfireJobId is not null)
            {
                jobs.Delete(row.HangfireJobId);
            }
        }

        db.TimerJobs.RemoveRange(rows);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Schedules jobs for timers whose row was written but whose job was not (a crash in between).</summary>
    public async Task<int> RepairAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var orphans = await db.TimerJobs.Where(t => t.HangfireJobId == null).ToListAsync(cancellationToken);
        foreach (var row in orphans)
        {
            var timerId = row.TimerId;
            row.HangfireJobId = jobs.Schedule<TimerFiring>(f => f.FireAsync(timerId, CancellationToken.None), row.DueAt);
        }

        await db.SaveChangesAsync(cancellationToken);
        return orphans.Count;
    }
}
