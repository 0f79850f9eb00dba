using System.Diagnostics;
using System.Net;
using Kinerja.Benchmarks;

namespace Kinerja.Host.Benchmarks;

/// <summary>What the officers scenario measured.</summary>
internal sealed record OfficerFigures(
    int Officers,
    int Rounds,
    int WarmUp,
    int SettleRounds,
    IReadOnlyList<double> SettlePostP99Ms,
    IReadOnlyList<double> SettleHostCompilingMs,
    IReadOnlyList<double> RoundPostP99Ms,
    IReadOnlyList<double> RoundHostCpuPerPostMs,
    IReadOnlyList<double> RoundMachineProbeUs,
    IReadOnlyList<double> RoundHostCompilingMs,
    IReadOnlyList<double> RoundBenchmarkCompilingMs,
    Latencies GetMs,
    Latencies PostMs,
    TimeSpan Elapsed,
    int Completed,
    int Failed,
    IReadOnlyList<string> Failures,
    int FirstStepMails,
    int FollowUpMails,
    int InstancesWithoutFollowUp,
    int InstancesWithSeveralFollowUps,
    int FollowUpsForUncompleted,
    int DuplicateMessageIds,
    TimeSpan FollowUpsTook,
    double RssAfterStartMB,
    double RssAfterMB,
    TimeSpan HostCpu,
    CpuWindow.Usage? Cpu,
    CpuWindow.Usage? PostPhaseCpu,
    IReadOnlyList<string> HostProblems)
{
    public const double TargetPostP99Ms = 50;

    public int Measured => Officers * Rounds;

    public int Expected => Measured + WarmUp + (Officers * SettleRounds);

    public bool MailExact => FirstStepMails == Expected && FollowUpMails == Expected && InstancesWithoutFollowUp == 0
        && InstancesWithSeveralFollowUps == 0 && FollowUpsForUncompleted == 0 && DuplicateMessageIds == 0;

    public bool Met => Failed == 0 && Completed == Measured && MailExact && PostMs.Percentile(99) < TargetPostP99Ms;
}

/// <summary>
/// N officers at once, each in their own browser (connection and cookies): open the task link from their mail, post the
/// form. Completing the first step makes the second, whose mail must come exactly once per completed instance.
/// </summary>
internal static class OfficersScenario
{
    private const string CreatedSubject = "[Tugas baru]";

    /// <summary>
    /// Warm-up goes in small rounds with pauses, like officers over a morning: the runtime starts counting a method's
    /// calls only after 100 ms without new compilations and recompiles it optimised after 30 counted calls, in the
    /// background. One burst of warm-up leaves the measured burst running (and recompiling) unoptimised code.
    /// </summary>
    private const int WarmUpRound = 10;

    private static readonly TimeSpan WarmUpPause = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a round's pages and posts may take in all before the run fails.</summary>
    private static readonly TimeSpan RoundTimeout = TimeSpan.FromSeconds(240);

    public static async Task<OfficerFigures> RunAsync(HostBenchOptions options)
    {
        var n = options.Officers;
        var warm = options.WarmUp;
        var settle = options.SettleRounds;
        var total = (n * (settle + options.Rounds)) + warm;
        await using var smtp = new BenchSmtpServer();
        await smtp.StartAsync();
        var startAt = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(40) + TimeSpan.FromMilliseconds(20.0 * total);
        var timerStarts = options.StartVia == StartVia.Timer ? total : 0;
        var workflows = ScenarioSupport.RepositoryWorkflows().Append(("bench-petugas.bpmn", BenchmarkBpmn.Officers(timerStarts, startAt)));
        ScenarioSupport.Progress($"officers: starting the host ({total} instances: {warm} warm-up, {settle} × {n} settling, {options.Rounds} × {n} measured)");
        await using var host = await HostProcess.StartAsync(options, "officers", smtp, workflows);
        var rssAfterStart = host.RssMB();
        ScenarioSupport.Progress($"officers: host pid {host.ProcessId} ready at {host.BaseAddress}, RSS {rssAfterStart:0} MB; deployed {host.Deployed}");
        if (options.StartVia == StartVia.Api)
        {
            using var api = new HostApiClient(host.BaseAddress);
            await api.SignInAndCreateKeyAsync(host.AdminPassword ?? throw new InvalidOperationException("No admin password in the banner."));
            await api.StartInstancesAsync(BenchmarkBpmn.OfficersKey, total, TimeSpan.Zero);
        }
        else
        {
            ScenarioSupport.Progress($"officers: {total} timer start events due at {startAt.UtcDateTime:HH:mm:ss} UTC ({(startAt - DateTimeOffset.UtcNow).TotalSeconds:0} s from now)");
        }

        static bool FirstStep(ReceivedMail m) => m.Subject.StartsWith(CreatedSubject, StringComparison.Ordinal) && m.Subject.Contains(BenchmarkBpmn.FirstStepName, StringComparison.Ordinal);
        static bool SecondStep(ReceivedMail m) => m.Subject.StartsWith(CreatedSubject, StringComparison.Ordinal) && m.Subject.Contains(BenchmarkBpmn.SecondStepName, StringComparison.Ordinal);
        static string InstanceOf(ReceivedMail m) => m.TaskId is { Length: > 32 } id ? id[..32] : string.Empty;

        var received = await ScenarioSupport.WaitForMailAsync(
            smtp, r => r.Count(FirstStep) >= total,
            TimeSpan.FromSeconds(120) + (startAt - DateTimeOffset.UtcNow) + TimeSpan.FromMilliseconds(200.0 * total), $"{total} task mails");
        var links = received.Where(FirstStep)
            .Select(m => (Instance: InstanceOf(m), Link: TaskPageClient.LinkIn(m.TextBody) ?? throw new InvalidOperationException($"No link in {m.MessageId}.")))
            .ToList();
        await ScenarioSupport.WaitForQuietAsync(smtp, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(30));

        MachineProbe.WarmUp();

        // Warm-up: the same work, concurrently, on tasks that are not measured; then let the host's background work settle.
        if (warm > 0)
        {
            ScenarioSupport.Progress($"officers: warming up with {warm} completions, {WarmUpRound} at a time");
            foreach (var warmRound in links.Take(warm).Select(l => l.Link).Chunk(WarmUpRound))
            {
                var warmUp = await CompleteAllAsync(host.BaseAddress, warmRound, TimeSpan.Zero, options.Together);
                if (warmUp.Failures.Count > 0)
                {
                    throw new InvalidOperationException($"Warm-up completions failed: {string.Join("; ", warmUp.Failures.Take(5))}");
                }

                await Task.Delay(WarmUpPause);
            }

            await ScenarioSupport.WaitForMailAsync(smtp, r => r.Count(SecondStep) >= warm, TimeSpan.FromSeconds(120), $"{warm} warm-up follow-up mails");
            await ScenarioSupport.WaitForQuietAsync(smtp, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60));
        }

        // Settling: bursts at the measured width, not measured, each followed by the same wait as a measured round.
        var settleP99 = new List<double>();
        var settleCompiling = new List<double>();
        var rounds = links.Skip(warm).Select(l => l.Link).Chunk(n).ToList();
        var followUpsDue = warm;
        foreach (var settleLinks in rounds.Take(settle))
        {
            ScenarioSupport.Progress($"officers: settling round {settleP99.Count + 1}/{settle}: {settleLinks.Length} officers at once, not measured");
            var run = await CompleteAllAsync(host.BaseAddress, settleLinks, options.Think, options.Together, host);
            if (run.Failures.Count > 0)
            {
                throw new InvalidOperationException($"Settling completions failed: {string.Join("; ", run.Failures.Take(5))}");
            }

            settleP99.Add(run.PostMs.Percentile(99));
            settleCompiling.Add(run.PostPhaseCpu?.HostCompiling.TotalMilliseconds ?? 0);
            followUpsDue += settleLinks.Length;
            await ScenarioSupport.WaitForMailAsync(smtp, r => r.Count(SecondStep) >= followUpsDue, TimeSpan.FromSeconds(120), $"settling round {settleP99.Count}'s follow-up mails");
            await ScenarioSupport.WaitForQuietAsync(smtp, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(60));
        }

        var cpuBefore = host.ProcessorTime;
        var getMs = new Latencies();
        var postMs = new Latencies();
        var roundP99 = new List<double>();
        var roundCpu = new List<double>();
        var roundProbe = new List<double>();
        var roundCompiling = new List<double>();
        var roundSelfCompiling = new List<double>();
        var completed = 0;
        var failures = new List<string>();
        var elapsed = TimeSpan.Zero;
        CpuWindow.Usage? cpu = null;
        CpuWindow.Usage? postPhaseCpu = null;
        var round = 0;
        foreach (var measuredLinks in rounds.Skip(settle))
        {
            round++;
            if (round > 1)
            {
                // The previous burst's follow-up mail and timers are background work; let it finish first.
                await ScenarioSupport.WaitForMailAsync(smtp, r => r.Count(SecondStep) >= followUpsDue, TimeSpan.FromSeconds(120), $"round {round - 1}'s follow-up mails");
                await ScenarioSupport.WaitForQuietAsync(smtp, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(60));
            }

            ScenarioSupport.Progress($"officers: round {round}/{options.Rounds}: {measuredLinks.Length} officers at once, filling the form for 0–{options.Think.TotalMilliseconds:0} ms (load {ScenarioSupport.LoadAverage()})");
            roundProbe.Add(MachineProbe.MeasureMicroseconds());
            var window = new CpuWindow(host);
            var run = await CompleteAllAsync(host.BaseAddress, measuredLinks, options.Think, options.Together, host);
            cpu = cpu is null ? window.Stop() : cpu + window.Stop();
            if (run.PostPhaseCpu is { } phase)
            {
                postPhaseCpu = postPhaseCpu is null ? phase : postPhaseCpu + phase;
                roundCpu.Add(phase.Host.TotalMilliseconds / measuredLinks.Length);
                roundCompiling.Add(phase.HostCompiling.TotalMilliseconds);
                roundSelfCompiling.Add(phase.BenchmarkCompiling.TotalMilliseconds);
            }

            if (options.MarksFile is { } marks)
            {
                await File.AppendAllTextAsync(marks, FormattableString.Invariant($"{run.PostWindow.Start / (double)Stopwatch.Frequency:F6} {run.PostWindow.End / (double)Stopwatch.Frequency:F6}\n"));
            }

            ScenarioSupport.Progress($"officers: round {round} done in {run.Elapsed.TotalMilliseconds:0} ms, POST p99 {run.PostMs.Percentile(99):0.0} ms");
            getMs.AddRange(run.GetMs);
            postMs.AddRange(run.PostMs);
            roundP99.Add(run.PostMs.Percentile(99));
            completed += run.Completed;
            followUpsDue += run.Completed;
            failures.AddRange(run.Failures);
            elapsed = elapsed > run.Elapsed ? elapsed : run.Elapsed;
        }

        ScenarioSupport.Progress("officers: done; waiting for the follow-up mails");
        var followUpsStarted = Stopwatch.StartNew();
        try
        {
            await ScenarioSupport.WaitForMailAsync(smtp, r => r.Count(SecondStep) >= total, TimeSpan.FromSeconds(180), $"{total} follow-up mails");
        }
        catch (TimeoutException ex)
        {
            ScenarioSupport.Progress($"officers: {ex.Message}");
        }

        var followUpsTook = followUpsStarted.Elapsed;
        await ScenarioSupport.WaitForQuietAsync(smtp, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(60));
        var all = smtp.Received();
        var completedInstances = links.Select(l => l.Instance).ToHashSet(StringComparer.Ordinal);
        var followUps = all.Where(SecondStep).GroupBy(InstanceOf).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new OfficerFigures(
            n,
            options.Rounds,
            warm,
            settle,
            settleP99,
            settleCompiling,
            roundP99,
            roundCpu,
            roundProbe,
            roundCompiling,
            roundSelfCompiling,
            getMs,
            postMs,
            elapsed,
            completed,
            failures.Count,
            failures,
            all.Count(FirstStep),
            all.Count(SecondStep),
            completedInstances.Count(i => !followUps.ContainsKey(i)),
            followUps.Count(f => f.Value > 1),
            followUps.Keys.Count(i => !completedInstances.Contains(i)),
            all.Count - all.Select(m => m.MessageId).Distinct().Count(),
            followUpsTook,
            rssAfterStart,
            host.RssMB(),
            host.ProcessorTime - cpuBefore,
            cpu,
            postPhaseCpu,
            host.Problems());
    }

    /// <param name="PostPhaseCpu">With <c>--together</c> and a host to watch: where the CPU went from the posts' release to the last answer.</param>
    /// <param name="PostWindow">From the posts' release to the last answer, in <see cref="Stopwatch"/> timestamps (on Linux
    /// CLOCK_MONOTONIC nanoseconds, the clock <c>perf record -k CLOCK_MONOTONIC</c> stamps its samples with).</param>
    private sealed record Run(Latencies GetMs, Latencies PostMs, int Completed, IReadOnlyList<string> Failures, TimeSpan Elapsed, CpuWindow.Usage? PostPhaseCpu, (long Start, long End) PostWindow);

    /// <summary>
    /// One browser per link, all released at once: open the page, fill the form for up to <paramref name="think"/>, post it.
    /// <paramref name="together"/>: the posts wait until every page is open, then go at one instant; with <paramref name="watch"/>,
    /// the CPU from that instant to the last answer is measured on its own.
    /// </summary>
    private static async Task<Run> CompleteAllAsync(Uri baseAddress, IReadOnlyList<string> links, TimeSpan think, bool together, HostProcess? watch = null)
    {
        CpuWindow? postPhase = null;
        long released = 0;
        var random = new Random(5);
        var thinking = links.Select(_ => think * random.NextDouble()).ToList();
        var browsers = links.Select(_ => new TaskPageClient(baseAddress)).ToList();
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var post = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var opened = 0;
        var gets = new double[links.Count];
        var posts = new double[links.Count];
        var failures = new List<string>();
        var completed = 0;
        var officers = links.Select(async (link, i) =>
        {
            await go.Task;
            var page = await browsers[i].OpenAsync(link);
            gets[i] = page.Milliseconds;
            var form = page.Status == HttpStatusCode.OK
                ? TaskPageClient.FillForm(page.Html, new Dictionary<string, string> { [BenchmarkBpmn.FormField] = $"Data kinerja petugas {i}" })
                : null;
            if (Interlocked.Increment(ref opened) == links.Count)
            {
                if (together)
                {
                    // What opening the pages left behind is collected now, while the host is idle, not by a background
                    // collection of this program's while the posts are in flight and the host needs both cores.
                    GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
                }

                postPhase = together && watch is not null ? new CpuWindow(watch) : null;
                released = Stopwatch.GetTimestamp();
                post.SetResult();
            }

            if (together)
            {
                await post.Task;
            }

            if (page.Status != HttpStatusCode.OK)
            {
                lock (failures)
                {
                    failures.Add($"GET {link}: {(int)page.Status}");
                }

                return;
            }

            if (thinking[i] > TimeSpan.Zero)
            {
                await Task.Delay(thinking[i]);
            }

            var done = await browsers[i].CompleteAsync(link, form!);
            posts[i] = done.Milliseconds;
            if (done.Status != HttpStatusCode.Redirect)
            {
                lock (failures)
                {
                    failures.Add($"POST {link}: {(int)done.Status}");
                }

                return;
            }

            Interlocked.Increment(ref completed);
        }).ToList();
        var started = Stopwatch.StartNew();
        go.SetResult();
        // The browsers have no time-out of their own (TaskPageClient): a host that stops answering ends the run here.
        await Task.WhenAll(officers).WaitAsync(RoundTimeout);
        var elapsed = started.Elapsed;
        var window = (released, Stopwatch.GetTimestamp());
        var postPhaseCpu = postPhase?.Stop();
        foreach (var browser in browsers)
        {
            browser.Dispose();
        }

        var getMs = new Latencies(links.Count);
        var postMs = new Latencies(links.Count);
        for (var i = 0; i < links.Count; i++)
        {
            if (gets[i] > 0)
            {
                getMs.Add(gets[i]);
            }

            if (posts[i] > 0)
            {
                postMs.Add(posts[i]);
            }
        }

        return new Run(getMs, postMs, completed, failures, elapsed, postPhaseCpu, window);
    }
}
