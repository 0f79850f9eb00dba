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
public sealed partial class HangfireTimerScheduler(
    HostDbContextFactory contexts, IBackgroundJobClient jobs, NearTimers near, ILogger<HangfireTimerScheduler> logger) : ITimerScheduler
{
    /// <summary>How often a run of changes is tried again when another writer changed one of its rows meanwhile.</summary>
    private const int Attempts = 3;

    public Task ScheduleAsync(ScheduledTimer timer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(timer);
        return ApplyAsync([TimerChange.ToSchedule(timer)], cancellationToken);
    }

    /// <summary>Cancels every occurrence of the engine's timer that is still scheduled.</summary>
    public Task CancelAsync(string timerId, CancellationToken cancellationToken = default) =>
        ApplyAsync([TimerChange.ToCancel(timerId)], cancellationToken);

    /// <summary>
    /// Applies a run of changes with two transactions in all, whatever its length: the rows (added and removed) in one,
    /// then the new jobs' ids in the other. On SQLite every transaction waits for the disk, and one change at a time took
    /// one or two each: a completed task cancels three or four timers and the next task schedules as many, some twenty
    /// flushed transactions per completion with the mail (docs/benchmarks.md, session 20). Another writer's row met on the
    /// way (a second host scheduling the same timer) undoes the run's rows, which are read again and applied again.
    /// </summary>
    public async Task ApplyAsync(IReadOnlyList<TimerChange> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            RunRows rows;
            try
            {
                rows = await StoreRowsAsync(db, changes, cancellationToken);
            }
            catch (DbUpdateException ex) when (attempt < Attempts && !cancellationToken.IsCancellationRequested)
            {
                LogRunOvertaken(logger, changes.Count, attempt, ex);
                continue;
            }

            foreach (var row in rows.Removed)
            {
                near.Remove(row.TimerId);
                if (row.HangfireJobId is not null)
                {
                    jobs.Delete(row.HangfireJobId);
                }
            }

            if (rows.WithoutJob.Count == 0)
            {
                return;
            }

            foreach (var row in rows.WithoutJob)
            {
                var key = row.TimerId;
                row.HangfireJobId = jobs.Schedule<TimerFiring>(f => f.FireAsync(key, CancellationToken.None), row.DueAt);
            }

            await db.SaveChangesAsync(cancellationToken);
            foreach (var row in rows.WithoutJob)
            {
                near.Add(row.TimerId, row.DueAt);
            }

            return;
        }
    }

    /// <param name="Removed">Rows of cancelled timers, now deleted (their jobs still to delete).</param>
    /// <param name="WithoutJob">Rows of scheduled timers that have no job yet (new ones, or ones a crash left without), tracked.</param>
    private sealed record RunRows(List<TimerJob> Removed, List<TimerJob> WithoutJob);

    /// <summary>Reads the rows the changes touch, applies the changes to them in order, and saves the outcome in one transaction.</summary>
    private static async Task<RunRows> StoreRowsAsync(HostDbContext db, IReadOnlyList<TimerChange> changes, CancellationToken cancellationToken)
    {
        // The rows as they stand, by key: first as stored, then as each change in turn leaves them.
        var standing = new Dictionary<string, TimerJob>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            var key = change.Schedule is { } timer ? TimerJob.KeyOf(timer) : null;
            var rowsOfChange = key is not null
                ? db.TimerJobs.Where(t => t.TimerId == key)
                : db.TimerJobs.Where(KeyPrefix.StartsWith<TimerJob>(db.Database, t => t.TimerId, TimerJob.OccurrencePrefix(change.CancelTimerId!)));
            var stored = await rowsOfChange.ToListAsync(cancellationToken);
            foreach (var row in stored)
            {
                standing.TryAdd(row.TimerId, row);
            }
        }

        var added = new HashSet<TimerJob>(ReferenceEqualityComparer.Instance);
        var removed = new List<TimerJob>();
        foreach (var change in changes)
        {
            if (change.Schedule is { } timer)
            {
                var key = TimerJob.KeyOf(timer);
                if (!standing.ContainsKey(key))
                {
                    var row = new TimerJob { TimerId = key, Payload = EngineJson.Serialize(timer), DueAt = timer.DueAt };
                    standing[key] = row;
                    added.Add(row);
                }
            }
            else if (change.CancelTimerId is { } timerId)
            {
                var prefix = TimerJob.OccurrencePrefix(timerId);
                foreach (var key in standing.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList())
                {
                    var row = standing[key];
                    standing.Remove(key);
                    if (!added.Remove(row))
                    {
                        removed.Add(row);
                    }
                }
            }
        }

        db.TimerJobs.AddRange(added);
        db.TimerJobs.RemoveRange(removed);
        await db.SaveChangesAsync(cancellationToken);
        return new RunRows(removed, standing.Values.Where(r => r.HangfireJobId is null).ToList());
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Another writer changed the rows of {Count} timer changes first (attempt {Attempt}); reading them again")]
    private static partial void LogRunOvertaken(ILogger logger, int count, int attempt, Exception exception);
}
