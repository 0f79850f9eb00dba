using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.InMemory;
using Kinerja.Engine.Timers;
using Kinerja.Host.Data;
using Kinerja.Host.Scheduling;
using Kinerja.Host.Tests.Support;
using Kinerja.Persistence.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kinerja.Host.Tests.Scheduling;

/// <summary>
/// The timer port stores a run of changes (a completion's cancellations and the next task's timers) in two transactions,
/// not one or two per change: on SQLite each transaction waits for the disk. Over a real <c>host.db</c> and Hangfire's
/// in-memory storage.
/// </summary>
public sealed class TimerRunTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 9, 0, 0, TimeSpan.FromHours(8));

    private readonly string _folder = Directory.CreateTempSubdirectory("kinerja-timer-runs-").FullName;
    private readonly DatabaseWrites _writes = new();
    private readonly InMemoryStorage _hangfire;
    private HostDbContextFactory _contexts = null!;
    private HangfireTimerScheduler _scheduler = null!;

    public TimerRunTests()
    {
        // Hangfire is used here without a host. Its log provider is process-wide and the last host that ran (tests run
        // one after another) left it on its own logger factory, disposed with it.
        GlobalConfiguration.Configuration.UseLogProvider(new AspNetCoreLogProvider(NullLoggerFactory.Instance));
        _hangfire = new InMemoryStorage();
    }

    public async Task InitializeAsync()
    {
        _contexts = new HostDbContextFactory(DatabaseSettings.SqliteFile(Path.Combine(_folder, "host.db")), _writes);
        await _contexts.MigrateAsync();
        var jobs = new BackgroundJobClient(_hangfire);
        var near = new NearTimers(new ServiceCollection().BuildServiceProvider(), _contexts, jobs, TimeProvider.System, NullLogger<NearTimers>.Instance);
        _scheduler = new HangfireTimerScheduler(_contexts, jobs, near, NullLogger<HangfireTimerScheduler>.Instance);
    }

    public Task DisposeAsync()
    {
        _hangfire.Dispose();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ARunOfChanges_IsStoredInTwoTransactions_AndAppliedInItsOrder()
    {
        string[] finished = ["a-reminder", "a-due", "a-escalation"];
        foreach (var id in finished)
        {
            await _scheduler.ScheduleAsync(Timer(id, days: 1));
        }

        var finishedJobs = (await Rows()).ToDictionary(r => r.TimerId, r => r.HangfireJobId);
        _writes.Reset();

        // What one completion hands over: its task's timers cancelled, the next task's scheduled; and a timer scheduled
        // and cancelled within the same run, which leaves nothing behind.
        await _scheduler.ApplyAsync([
            TimerChange.ToCancel("a-reminder"), TimerChange.ToCancel("a-due"), TimerChange.ToCancel("a-escalation"),
            TimerChange.ToSchedule(Timer("b-reminder", days: 2)), TimerChange.ToSchedule(Timer("b-due", days: 3)),
            TimerChange.ToSchedule(Timer("b-escalation", days: 3)),
            TimerChange.ToSchedule(Timer("gone", days: 1)), TimerChange.ToCancel("gone"),
        ]);

        Assert.Equal(2, _writes.Commits); // the rows, then the new jobs' ids
        var rows = await Rows();
        Assert.Equal(["b-due#0", "b-escalation#0", "b-reminder#0"], rows.Select(r => r.TimerId).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.NotNull(r.HangfireJobId));
        var monitoring = _hangfire.GetMonitoringApi();
        var scheduled = monitoring.ScheduledJobs(0, 100).Select(j => j.Key).ToHashSet();
        Assert.Equal(rows.Select(r => r.HangfireJobId!).ToHashSet(), scheduled);
        Assert.All(finishedJobs.Values, job => Assert.Equal("Deleted", _hangfire.GetConnection().GetStateData(job!).Name));
    }

    [Fact]
    public async Task ARunHandedOverTwice_ChangesNothingTheSecondTime()
    {
        IReadOnlyList<TimerChange> run = [TimerChange.ToSchedule(Timer("x", days: 1)), TimerChange.ToSchedule(Timer("y", days: 2)), TimerChange.ToCancel("z")];
        await _scheduler.ApplyAsync(run);
        var first = (await Rows()).ToDictionary(r => r.TimerId, r => r.HangfireJobId);
        _writes.Reset();

        await _scheduler.ApplyAsync(run);

        Assert.Equal(first, (await Rows()).ToDictionary(r => r.TimerId, r => r.HangfireJobId));
        Assert.Equal(2, _hangfire.GetMonitoringApi().ScheduledCount());
        Assert.Equal(0, _writes.Commits); // nothing to write
    }

    [Fact]
    public async Task ARowLeftWithoutItsJob_GetsOneWhenItsTimerIsScheduledAgain()
    {
        var timer = Timer("crashed", days: 1);
        await using (var db = _contexts.CreateDbContext())
        {
            db.TimerJobs.Add(new TimerJob { TimerId = TimerJob.KeyOf(timer), Payload = "{}", DueAt = timer.DueAt });
            await db.SaveChangesAsync();
        }

        await _scheduler.ApplyAsync([TimerChange.ToSchedule(timer)]);

        var row = Assert.Single(await Rows());
        Assert.NotNull(row.HangfireJobId);
        Assert.Equal(1, _hangfire.GetMonitoringApi().ScheduledCount());
    }

    [Fact]
    public async Task ARowAnotherWriterAddedMeanwhile_IsReadAgain_AndTheRunStillTakesEffect()
    {
        var contested = Timer("contested", days: 1);
        _writes.BeforeNextTransaction = async () =>
        {
            // Another host schedules the same timer between this run's reads and its write.
            await using var other = new HostDbContextFactory(DatabaseSettings.SqliteFile(Path.Combine(_folder, "host.db"))).CreateDbContext();
            other.TimerJobs.Add(new TimerJob { TimerId = TimerJob.KeyOf(contested), Payload = "{}", DueAt = contested.DueAt });
            await other.SaveChangesAsync();
        };

        await _scheduler.ApplyAsync([TimerChange.ToSchedule(Timer("mine", days: 1)), TimerChange.ToSchedule(contested)]);

        var rows = await Rows();
        Assert.Equal(["contested#0", "mine#0"], rows.Select(r => r.TimerId).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.NotNull(r.HangfireJobId));
        Assert.Equal(2, _hangfire.GetMonitoringApi().ScheduledCount());
    }

    private static ScheduledTimer Timer(string id, int days) =>
        new(id, TimerPurpose.TaskReminder, Monday.AddDays(days), Guid.NewGuid(), null, "step", 0);

    private async Task<List<TimerJob>> Rows()
    {
        await using var db = _contexts.CreateDbContext();
        return await db.TimerJobs.AsNoTracking().ToListAsync();
    }
}
