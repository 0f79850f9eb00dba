using System.Diagnostics;
using System.Net;
using Kinerja.Benchmarks;

namespace Kinerja.Host.Benchmarks;

/// <summary>What the reminders scenario measured.</summary>
internal sealed record ReminderFigures(
    int Expected,
    int TaskMails,
    int Reminders,
    int TasksReminded,
    int TasksRemindedTwice,
    int DuplicateMessageIds,
    Latencies LatenessMs,
    DateTimeOffset FirstDue,
    DateTimeOffset LastDue,
    TimeSpan StartsTook,
    TimeSpan PagesDoneBeforeFirstDue,
    double RssAfterStartMB,
    double RssAfterMB,
    TimeSpan HostCpu,
    CpuWindow.Usage? Cpu,
    IReadOnlyList<string> HostProblems)
{
    public const double TargetP99Ms = 2000;

    public bool Met => Reminders == Expected && TasksReminded == Expected && TasksRemindedTwice == 0 && DuplicateMessageIds == 0
        && LatenessMs.Count == Expected && LatenessMs.Percentile(99) < TargetP99Ms && LastDue - FirstDue <= TimeSpan.FromMinutes(1);
}

/// <summary>
/// N tasks whose reminders fall due within one minute; each reminder's lateness is its arrival at the SMTP server minus
/// its due instant. The due instant is read from the host itself: the open task page gives the task's deadline
/// (<c>data-due</c>, to the tick), and with a calendar-time standard the reminder is due exactly 20 % of the standard before it.
/// </summary>
internal static class ReminderScenario
{
    private const string ReminderSubject = "[Pengingat]";
    private const string CreatedSubject = "[Tugas baru]";

    public static async Task<ReminderFigures> RunAsync(HostBenchOptions options)
    {
        var n = options.Reminders;
        await using var smtp = new BenchSmtpServer();
        await smtp.StartAsync();

        // Timer starts: every start event at one instant, far enough ahead for the host to start and hand them to Hangfire.
        var startAt = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(40) + TimeSpan.FromMilliseconds(20.0 * n);
        var timerStarts = options.StartVia == StartVia.Timer ? n : 0;
        var bpmn = BenchmarkBpmn.Reminders(timerStarts, startAt, options.DueWindow, options.TimeStandard);
        var workflows = ScenarioSupport.RepositoryWorkflows().Append(("bench-pengingat.bpmn", bpmn));
        ScenarioSupport.Progress($"reminders: starting the host ({n} tasks, time standard {options.TimeStandard.TotalSeconds:0} s calendar, reminder at 80 %)");
        await using var host = await HostProcess.StartAsync(options, "reminders", smtp, workflows);
        var rssAfterStart = host.RssMB();
        var cpuBefore = host.ProcessorTime;
        ScenarioSupport.Progress($"reminders: host pid {host.ProcessId} ready at {host.BaseAddress}, RSS {rssAfterStart:0} MB; deployed {host.Deployed}");

        var startsBegan = Stopwatch.StartNew();
        if (options.StartVia == StartVia.Api)
        {
            using var api = new HostApiClient(host.BaseAddress);
            await api.SignInAndCreateKeyAsync(host.AdminPassword ?? throw new InvalidOperationException("No admin password in the banner."));
            await api.StartInstancesAsync(BenchmarkBpmn.RemindersKey, n, options.DueWindow);
        }
        else
        {
            ScenarioSupport.Progress($"reminders: {n} timer start events due from {startAt.UtcDateTime:HH:mm:ss} UTC over {options.DueWindow.TotalSeconds:0} s ({(startAt - DateTimeOffset.UtcNow).TotalSeconds:0} s from now)");
        }

        // Each task's deadline from its page, read as its mail comes in (4 browsers at a time), all before the first reminder is due.
        var dueByTask = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var reminderOffset = options.TimeStandard * 0.2;
        var browsers = new System.Collections.Concurrent.ConcurrentBag<TaskPageClient>(Enumerable.Range(0, 4).Select(_ => new TaskPageClient(host.BaseAddress)));
        var timeout = TimeSpan.FromSeconds(120) + (startAt - DateTimeOffset.UtcNow) + options.DueWindow + TimeSpan.FromMilliseconds(200.0 * n);
        var taskMails = 0;
        try
        {
            while (dueByTask.Count < n)
            {
                if (startsBegan.Elapsed > timeout)
                {
                    throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for {n} task mails; {dueByTask.Count} came.");
                }

                var created = smtp.Received().Where(m => m.Subject.StartsWith(CreatedSubject, StringComparison.Ordinal) && m.TaskId is not null).ToList();
                taskMails = created.Count;
                var fresh = created.Where(m => !dueByTask.ContainsKey(m.TaskId!)).DistinctBy(m => m.TaskId).ToList();
                if (fresh.Count == 0)
                {
                    await Task.Delay(100);
                    continue;
                }

                await Parallel.ForEachAsync(fresh, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (mail, cancellationToken) =>
                {
                    browsers.TryTake(out var browser);
                    try
                    {
                        var link = TaskPageClient.LinkIn(mail.TextBody) ?? throw new InvalidOperationException($"No task link in mail {mail.MessageId}.");
                        var page = await browser!.OpenAsync(link, cancellationToken);
                        var due = page.Status == HttpStatusCode.OK ? TaskPageClient.DueOn(page.Html) : null;
                        lock (dueByTask)
                        {
                            dueByTask[mail.TaskId!] = due - reminderOffset ?? throw new InvalidOperationException($"The page of task {mail.TaskId} ({page.Status}) shows no deadline.");
                        }
                    }
                    finally
                    {
                        browsers.Add(browser!);
                    }
                });
            }
        }
        finally
        {
            foreach (var browser in browsers)
            {
                browser.Dispose();
            }
        }

        var startsTook = startsBegan.Elapsed;
        var firstDue = dueByTask.Values.Min();
        var lastDue = dueByTask.Values.Max();
        var pagesMargin = firstDue - DateTimeOffset.UtcNow;
        ScenarioSupport.Progress($"reminders: due from {firstDue.UtcDateTime:HH:mm:ss.fff} to {lastDue.UtcDateTime:HH:mm:ss.fff} UTC (spread {(lastDue - firstDue).TotalSeconds:0.0} s); pages read {pagesMargin.TotalSeconds:0.0} s before the first");

        if (firstDue - DateTimeOffset.UtcNow is { Ticks: > 0 } untilFirst)
        {
            await Task.Delay(untilFirst);
        }

        var window = new CpuWindow(host);
        try
        {
            await ScenarioSupport.WaitForMailAsync(
                smtp, r => r.Count(m => m.Subject.StartsWith(ReminderSubject, StringComparison.Ordinal)) >= n,
                lastDue - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(90), $"{n} reminders");
        }
        catch (TimeoutException ex)
        {
            ScenarioSupport.Progress($"reminders: {ex.Message}");
        }

        var cpu = window.Stop();

        // Anything sent twice would come now: wait for 15 s without mail.
        await ScenarioSupport.WaitForQuietAsync(smtp, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(60));
        var all = smtp.Received();
        var reminders = all.Where(m => m.Subject.StartsWith(ReminderSubject, StringComparison.Ordinal)).ToList();
        var lateness = new Latencies(n);
        foreach (var group in reminders.GroupBy(m => m.TaskId ?? string.Empty))
        {
            if (dueByTask.TryGetValue(group.Key, out var due))
            {
                lateness.Add((group.Min(m => m.ArrivedAt) - due).TotalMilliseconds);
            }
        }

        var figures = new ReminderFigures(
            n,
            taskMails,
            reminders.Count,
            reminders.Select(m => m.TaskId).Where(t => t is not null && dueByTask.ContainsKey(t)).Distinct().Count(),
            reminders.GroupBy(m => m.TaskId).Count(g => g.Count() > 1),
            all.Count - all.Select(m => m.MessageId).Distinct().Count(),
            lateness,
            firstDue,
            lastDue,
            startsTook,
            pagesMargin,
            rssAfterStart,
            host.RssMB(),
            host.ProcessorTime - cpuBefore,
            cpu,
            host.Problems());
        if (!figures.Met || options.Keep)
        {
            ScenarioSupport.Progress($"reminders: host folder {host.Folder}{(options.Keep ? string.Empty : " (deleted; --keep keeps it)")}");
        }

        return figures;
    }
}
