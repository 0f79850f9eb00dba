using System.Text.Json.Nodes;
using Kinerja.Engine.History;
using Kinerja.Engine.Notifications;
using Kinerja.Engine.Storage;
using Kinerja.Engine.Timers;
using Kinerja.Host.Mail;
using Kinerja.Host.Notifications;
using Kinerja.Host.Organization;
using Kinerja.Host.Scheduling;
using Kinerja.Host.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kinerja.Host.Tests.Scheduling;

/// <summary>Hangfire runs the clock: on time, and every job idempotent (its SQLite storage may run one job twice).</summary>
public sealed class HangfireJobTests
{
    private const string OneSecondTimer = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">
          <bpmn:process id="tick" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
            <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1S</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="after" />
            <bpmn:userTask id="after" name="After the timer" camunda:candidateGroups="pengelola-data" />
            <bpmn:sequenceFlow id="f3" sourceRef="after" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    [Theory]
    [InlineData(false, 3.0)] // Hangfire alone: its scheduler and its workers each poll once a second
    [InlineData(true, 2.0)] // with timers due soon fired from memory (the default), Hangfire as the backstop
    public async Task HangfireOnSqlite_FiresATimerDueOneSecondAhead_OnTime(bool fireInProcess, double maxLatenessSeconds)
    {
        await using var host = await KinerjaHost.StartAsync(realClock: true, settings: new Dictionary<string, string?>
        {
            ["Kinerja:Hangfire:Storage"] = "Database",
            ["Kinerja:Hangfire:RunServer"] = "true",
            ["Kinerja:Hangfire:DispatchInBackground"] = "true",
            ["Kinerja:Hangfire:FireInProcess"] = fireInProcess ? "true" : "false",
        });
        Assert.True((await host.Engine.DeployAsync(OneSecondTimer, "tick.bpmn")).Succeeded);

        var instance = await host.Engine.StartAsync("tick", null, null, "test");
        var due = instance.StartedAt + TimeSpan.FromSeconds(1);

        // Waits for Hangfire's real scheduler (that is what is tested), bounded; no fake clock here.
        var task = await Poll.UntilAsync(
            async () => (await host.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id })).Items.SingleOrDefault(),
            done: found => found is not null,
            limit: TimeSpan.FromSeconds(15),
            interval: TimeSpan.FromMilliseconds(50));

        Assert.NotNull(task);
        var lateness = task.CreatedAt - due;
        Assert.True(lateness < TimeSpan.FromSeconds(maxLatenessSeconds), $"The timer fired {lateness.TotalSeconds:F2} s after its instant.");
        Assert.True(lateness >= TimeSpan.Zero, $"The timer fired {-lateness.TotalSeconds:F2} s early.");
    }

    [Fact]
    public async Task ATimerJob_RunTwice_FiresOnce_AndAJobForACancelledTimerDoesNothing()
    {
        await using var host = await KinerjaHost.StartAsync();
        var instance = await host.Engine.StartAsync("sop-pengumpulan-data-kinerja", new Dictionary<string, JsonNode?> { ["skpd"] = new JsonArray("dinkes") }, null, "admin");
        await host.RunDueAsync();
        var firing = host.Services.GetRequiredService<TimerFiring>();
        await using var db = host.HostDb();
        var timers = await db.TimerJobs.OrderBy(t => t.DueAt).ToListAsync();
        Assert.Equal(3, timers.Count); // reminder, due, escalation of the Disposisi task
        Assert.All(timers, t => Assert.NotNull(t.HangfireJobId));

        host.Clock.Advance(TimeSpan.FromMinutes(4));
        var reminder = timers[0].TimerId;
        var runs = await Task.WhenAll(firing.FireAsync(reminder), firing.FireAsync(reminder));
        Assert.Equal(1, runs.Count(fired => fired));
        Assert.False(await firing.FireAsync(reminder));
        await host.RunDueAsync();
        Assert.Single(await host.Engine.GetHistoryAsync(instance.Id), h => h.Kind == HistoryKind.TaskReminderSent);

        // The task ends: its remaining timers are cancelled (rows and Hangfire jobs gone); a stale job does nothing.
        var task = (await host.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id })).Items.Single();
        await host.Engine.CompleteTaskAsync(task.Id, DemoOrganization.Kabag, new Dictionary<string, JsonNode?> { ["catatanDisposisi"] = "ok" });
        await host.RunDueAsync();
        Assert.DoesNotContain(await db.TimerJobs.AsNoTracking().Select(t => t.TimerId).ToListAsync(), id => id == timers[1].TimerId || id == timers[2].TimerId);
        Assert.False(await firing.FireAsync(timers[2].TimerId));
        var monitoring = host.Services.GetRequiredService<Hangfire.JobStorage>().GetMonitoringApi();
        Assert.DoesNotContain(monitoring.ScheduledJobs(0, 100), j => j.Key == timers[2].HangfireJobId);
    }

    [Fact]
    public async Task ARepeatedEscalation_ScheduledWhileTheFiringOccurrenceStillHasItsRow_IsNotLost()
    {
        await using var host = await KinerjaHost.StartAsync();
        var instance = await host.Engine.StartAsync("sop-pengumpulan-data-kinerja", new Dictionary<string, JsonNode?> { ["skpd"] = new JsonArray("dinkes") }, null, "admin");
        await host.RunDueAsync();
        var firing = host.Services.GetRequiredService<TimerFiring>();
        await using var db = host.HostDb();
        var escalation = (await db.TimerJobs.AsNoTracking().ToListAsync())
            .Select(t => EngineJson.Deserialize<ScheduledTimer>(t.Payload))
            .Single(t => t.Purpose == TimerPurpose.TaskEscalation);
        host.Clock.Advance(TimeSpan.FromMinutes(10));

        // As Hangfire's workers may interleave: the engine fires the first occurrence and the dispatcher schedules the
        // next one before the job that fired the first has removed that occurrence's row.
        Assert.True(await host.Engine.FireTimerAsync(escalation));
        await host.Engine.DispatchPendingAsync();
        await firing.FireAsync(TimerJob.KeyOf(escalation));

        var next = await db.TimerJobs.AsNoTracking().Where(t => t.TimerId.StartsWith(TimerJob.OccurrencePrefix(escalation.TimerId))).ToListAsync();
        var row = Assert.Single(next);
        Assert.Equal(1, EngineJson.Deserialize<ScheduledTimer>(row.Payload).FiredCount);
        Assert.NotNull(row.HangfireJobId);

        // When the task ends, every occurrence still scheduled goes.
        var task = (await host.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id })).Items.Single();
        await host.Engine.CompleteTaskAsync(task.Id, DemoOrganization.Kabag, new Dictionary<string, JsonNode?> { ["catatanDisposisi"] = "ok" });
        await host.RunDueAsync();
        Assert.Empty(await db.TimerJobs.AsNoTracking().Where(t => t.TimerId.StartsWith(TimerJob.OccurrencePrefix(escalation.TimerId))).ToListAsync());
    }

    [Fact]
    public async Task ANotification_PublishedTwice_MakesOneMailPerRecipient_AndASendJobRunTwiceSendsOnce()
    {
        await using var smtp = new TestSmtpServer();
        await smtp.StartAsync();
        await using var host = await KinerjaHost.StartAsync(smtp);
        var instance = await host.Engine.StartAsync("sop-pengumpulan-data-kinerja", new Dictionary<string, JsonNode?> { ["skpd"] = new JsonArray("dinkes") }, null, "admin");
        var pending = await host.Engine.Store.GetPendingOutboxAsync(100);
        var created = pending.Select(m => m.Notification).OfType<Notification>().Single(n => n.Kind == NotificationKind.TaskCreated);
        var router = host.Services.GetRequiredService<NotificationRouter>();

        await Task.WhenAll(router.PublishAsync(created), router.PublishAsync(created));
        await router.PublishAsync(created);

        await using var db = host.HostDb();
        var mail = await db.Mail.SingleAsync();
        Assert.Single(await db.TaskLinks.ToListAsync());
        var sender = host.Services.GetRequiredService<MailSender>();
        var sends = await Task.WhenAll(sender.SendAsync(mail.Id), sender.SendAsync(mail.Id), sender.SendAsync(mail.Id));
        Assert.Equal(1, sends.Count(sent => sent));
        await host.RunDueAsync();
        Assert.Single(smtp.Received);
        Assert.Equal(mail.MessageId, smtp.Received[0].MessageId);
        Assert.NotNull(instance);
    }

    [Fact]
    public async Task TheDailyDigest_ListsEachOfficersOpenAndOverdueTasks_OncePerDay_OnWorkingDaysOnly()
    {
        await using var smtp = new TestSmtpServer();
        await smtp.StartAsync();
        await using var host = await KinerjaHost.StartAsync(smtp);
        await host.Engine.StartAsync("sop-pengumpulan-data-kinerja", new Dictionary<string, JsonNode?> { ["skpd"] = new JsonArray("dinkes") }, "LKjIP-2025", "admin");
        await host.RunDueAsync();
        await host.AdvanceToAsync(new DateTimeOffset(2026, 3, 3, 7, 0, 0, TimeSpan.FromHours(8)));
        var digest = host.Services.GetRequiredService<DailyDigest>();

        Assert.Equal(1, await digest.SendAsync());
        Assert.Equal(0, await digest.SendAsync()); // the same day again: nothing new
        await host.RunDueAsync();

        var mail = Assert.Single(smtp.To($"{DemoOrganization.Kabag}@{DemoOrganization.MailDomain}"), m => (m.Subject ?? string.Empty).StartsWith("[Ringkasan harian]", StringComparison.Ordinal));
        Assert.Contains("1 terlambat", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("[TERLAMBAT]", mail.TextBody, StringComparison.Ordinal);
        using var browser = host.CreateClient();
        var (status, html) = await Support.TaskPage.OpenAsync(browser, Support.TaskPage.LinkIn(mail));
        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        Assert.Contains("Catatan disposisi", html, StringComparison.Ordinal);

        host.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 7, 7, 0, 0, TimeSpan.FromHours(8))); // Saturday
        Assert.Equal(0, await digest.SendAsync());
    }
}
