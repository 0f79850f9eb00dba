using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace Kinerja.Host.Benchmarks;

/// <summary>A table per scenario, the targets of the issue with a verdict each, and one JSON line to close.</summary>
internal static class HostReport
{
    /// <returns>Whether every target of the scenarios that ran was met.</returns>
    public static bool Print(HostBenchResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var rows = new List<(string Name, string Value)>
        {
            ("machine", $"{Environment.ProcessorCount} cores, {CpuModel()}, {MemoryGiB():0.0} GiB; load average {ScenarioSupport.LoadAverage()}"),
            ("runtime", $"{RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}"),
            ("host", $"{results.Options.HostAssembly} (child process; SQLite files, Hangfire server with 1 s polling, mail by SMTP to this program)"),
            ("instances started by", results.Options.StartVia == StartVia.Timer ? "timer start events in the benchmark's BPMN (reminders: spread evenly over the due window; officers: all at one instant)" : "POST /api/instances (API key)"),
            ("link limit", $"Kinerja__Links__PermitsPerMinute={results.Options.PermitsPerMinute} (every client here is 127.0.0.1)"),
        };
        if (results.Options.HostEnvironment.Count > 0)
        {
            rows.Add(("host environment (--host-env)", string.Join(' ', results.Options.HostEnvironment.Select(e => $"{e.Key}={e.Value}"))));
        }

        var targets = new List<(string Target, string Measured, bool Met)>();
        var json = new JsonObject { ["startVia"] = results.Options.StartVia.ToString().ToLowerInvariant() };

        if (results.Rss is { } rss)
        {
            rows.Add(("rss: after start (banner + /health Healthy)", $"{rss.AfterStartMB:0.0} MB"));
            rows.Add(("rss: after 10 s idle", $"{rss.AfterIdleMB:0.0} MB"));
            targets.Add(($"host RSS after start with the demo data < {RssFigures.TargetMB:0} MB", $"{rss.AfterStartMB:0.0} MB", rss.Met));
            json["rssAfterStartMB"] = Round(rss.AfterStartMB);
            json["rssAfterIdleMB"] = Round(rss.AfterIdleMB);
        }

        if (results.Reminders is { } r)
        {
            var l = r.LatenessMs;
            rows.Add(("reminders: tasks", $"{r.Expected} (task mails {r.TaskMails}); time standard {results.Options.TimeStandard.TotalSeconds:0} s calendar, reminder at 80 %; started evenly over {results.Options.DueWindow.TotalSeconds:0} s"));
            rows.Add(("reminders: due window", $"{r.FirstDue.UtcDateTime:HH:mm:ss.fff} – {r.LastDue.UtcDateTime:HH:mm:ss.fff} UTC ({(r.LastDue - r.FirstDue).TotalSeconds:0.0} s); instances in {r.StartsTook.TotalSeconds:0} s; pages read {r.PagesDoneBeforeFirstDue.TotalSeconds:0} s before the first was due"));
            rows.Add(("reminders: received", $"{r.Reminders} mails for {r.TasksReminded} tasks; {r.TasksRemindedTwice} tasks reminded twice; {r.DuplicateMessageIds} repeated Message-Ids (all mail)"));
            rows.Add(("reminders: lateness p50 / p95 / p99 / max", $"{Ms(l.Percentile(50))} / {Ms(l.Percentile(95))} / {Ms(l.Percentile(99))} / {Ms(l.Max)} ms over {l.Count}"));
            rows.Add(("reminders: host", $"CPU {r.HostCpu.TotalSeconds:0.0} s from ready to the end; RSS {r.RssAfterStartMB:0} MB after start, {r.RssAfterMB:0} MB at the end; {r.HostProblems.Count} warn/fail log lines"));
            rows.Add(("reminders: CPU from the first due to the last reminder", r.Cpu?.ToString() ?? "-"));
            targets.Add(($"{r.Expected} reminders due within one minute, each exactly once, lateness p99 < {ReminderFigures.TargetP99Ms / 1000:0} s", $"{r.TasksReminded}/{r.Expected} once, p99 {Ms(l.Percentile(99))} ms", r.Met));
            json["reminders"] = r.Expected;
            json["remindersReceived"] = r.Reminders;
            json["reminderDueWindowS"] = results.Options.DueWindow.TotalSeconds;
            json["reminderDueSpreadS"] = Round((r.LastDue - r.FirstDue).TotalSeconds);
            json["reminderLatenessP50Ms"] = Round(l.Percentile(50));
            json["reminderLatenessP95Ms"] = Round(l.Percentile(95));
            json["reminderLatenessP99Ms"] = Round(l.Percentile(99));
            json["reminderLatenessMaxMs"] = Round(l.Max);
            json["reminderOtherProcessesCpuS"] = r.Cpu is { } rc ? Round(rc.Others.TotalSeconds) : null;
            PrintProblems("reminders", r.HostProblems);
        }

        if (results.Officers is { } o)
        {
            rows.Add(("officers: concurrent browsers", $"{o.Officers} (after {o.WarmUp} warm-up completions and {o.SettleRounds} settling rounds){(o.Rounds > 1 ? $", {o.Rounds} rounds" : string.Empty)}; all released at once: GET, then "
                + (results.Options.Together ? "when every page is open, all POSTs at one instant"
                    : results.Options.Think > TimeSpan.Zero ? $"fill the form for a random 0–{results.Options.Think.TotalMilliseconds:0} ms, POST" : "POST at once")));
            if (o.SettleRounds > 0)
            {
                rows.Add(("officers: settling rounds (not measured)", $"POST p99 {string.Join(" / ", o.SettlePostP99Ms.Select(Ms))} ms; "
                    + $"host's background compiler while their POSTs were in flight {string.Join(" / ", o.SettleHostCompilingMs.Select(c => c.ToString("0.0", CultureInfo.InvariantCulture)))} ms"));
            }

            rows.Add(("officers: GET page p50 / p95 / p99 / max", $"{Ms(o.GetMs.Percentile(50))} / {Ms(o.GetMs.Percentile(95))} / {Ms(o.GetMs.Percentile(99))} / {Ms(o.GetMs.Max)} ms"));
            rows.Add(("officers: POST completion p50 / p95 / p99 / max", $"{Ms(o.PostMs.Percentile(50))} / {Ms(o.PostMs.Percentile(95))} / {Ms(o.PostMs.Percentile(99))} / {Ms(o.PostMs.Max)} ms"));
            if (o.Rounds > 1)
            {
                rows.Add(("officers: POST p99 of each round", string.Join(" / ", o.RoundPostP99Ms.Select(Ms)) + " ms"));
                if (o.RoundHostCpuPerPostMs.Count > 0)
                {
                    rows.Add(("officers: host CPU per POST, each round", string.Join(" / ", o.RoundHostCpuPerPostMs.Select(c => c.ToString("0.00", CultureInfo.InvariantCulture))) + " ms"));
                }

                if (o.RoundHostCompilingMs.Count > 0)
                {
                    rows.Add(("officers: host's background compiler while the POSTs were in flight, each round", string.Join(" / ", o.RoundHostCompilingMs.Select(c => c.ToString("0.0", CultureInfo.InvariantCulture))) + " ms (tiered compilation still optimising methods: part of the CPU above)"));
                    rows.Add(("officers: this program's background compiler meanwhile, each round", string.Join(" / ", o.RoundBenchmarkCompilingMs.Select(c => c.ToString("0.0", CultureInfo.InvariantCulture))) + " ms (the browsers' own code still being optimised: CPU the host did not have)"));
                }

                rows.Add(("officers: machine probe before each round", string.Join(" / ", o.RoundMachineProbeUs.Select(us => us.ToString("0", CultureInfo.InvariantCulture))) + " µs (the same work each time; slower machine, more µs)"));
            }

            rows.Add(("officers: completed", $"{o.Completed}/{o.Measured} (302){(o.Rounds > 1 ? ", slowest round" : string.Empty)} in {o.Elapsed.TotalMilliseconds:0} ms; {o.Failed} failed{(o.Failures.Count > 0 ? ": " + string.Join("; ", o.Failures.Take(3)) : string.Empty)}"));
            rows.Add(("officers: mail", $"first step {o.FirstStepMails}, follow-up {o.FollowUpMails} (expected {o.Expected} each, last {o.FollowUpsTook.TotalSeconds:0.0} s after the run); "
                + $"{o.InstancesWithoutFollowUp} without, {o.InstancesWithSeveralFollowUps} with several, {o.FollowUpsForUncompleted} stray; {o.DuplicateMessageIds} repeated Message-Ids"));
            rows.Add(("officers: host", $"CPU {o.HostCpu.TotalSeconds:0.0} s from the run to the end ({o.HostCpu.TotalMilliseconds / o.Measured:0} ms per completion, background work included); RSS {o.RssAfterStartMB:0.0} MB after start, {o.RssAfterMB:0.0} MB after the scenario; {o.HostProblems.Count} warn/fail log lines"));
            rows.Add((o.Rounds > 1 ? "officers: CPU during the rounds" : "officers: CPU during the measured run", o.Cpu is { } usage
                ? string.Create(CultureInfo.InvariantCulture, $"{usage}; host {usage.Host.TotalMilliseconds / o.Measured:0.00} ms per GET and POST")
                : "-"));
            if (o.PostPhaseCpu is { } posting)
            {
                // The figure the p99 of simultaneous posts follows: the host's CPU per completion while they are in flight.
                rows.Add(("officers: CPU while the POSTs were in flight", string.Create(CultureInfo.InvariantCulture,
                    $"{posting}; host {posting.Host.TotalMilliseconds / o.Measured:0.00} ms, this program {posting.Benchmark.TotalMilliseconds / o.Measured:0.00} ms per POST")));
            }

            targets.Add(($"{o.Officers} concurrent officers complete over HTTP, POST p99 < {OfficerFigures.TargetPostP99Ms:0} ms", $"p99 {Ms(o.PostMs.Percentile(99))} ms{(o.Rounds > 1 ? $" over all {o.Rounds} rounds" : string.Empty)}, {o.Completed} completed", o.Failed == 0 && o.Completed == o.Measured && o.PostMs.Percentile(99) < OfficerFigures.TargetPostP99Ms));
            targets.Add(("no lost or duplicated mail", o.MailExact ? "every follow-up exactly once" : "see the mail line", o.MailExact));
            json["officers"] = o.Officers;
            json["rounds"] = o.Rounds;
            json["settleRounds"] = o.SettleRounds;
            json["settlePostP99Ms"] = new System.Text.Json.Nodes.JsonArray([.. o.SettlePostP99Ms.Select(v => (System.Text.Json.Nodes.JsonNode?)Round(v))]);
            json["settleHostCompilingMs"] = new System.Text.Json.Nodes.JsonArray([.. o.SettleHostCompilingMs.Select(v => (System.Text.Json.Nodes.JsonNode?)Round(v))]);
            json["roundPostP99Ms"] = new System.Text.Json.Nodes.JsonArray([.. o.RoundPostP99Ms.Select(v => (System.Text.Json.Nodes.JsonNode?)Round(v))]);
            json["roundHostCpuPerPostMs"] = new System.Text.Json.Nodes.JsonArray([.. o.RoundHostCpuPerPostMs.Select(v => (System.Text.Json.Nodes.JsonNode?)Round(v))]);
            json["roundHostCompilingMs"] = new System.Text.Json.Nodes.JsonArray([.. o.RoundHostCompilingMs.Select(v => (System.Text.Json.Nodes.JsonNode?)Round(v))]);
            json["roundBenchmarkCompilingMs"] = new System.Text.Json.Nodes.JsonArray([.. o.RoundBenchmarkCompilingMs.Select(v => (System.Text.Json.Nodes.JsonNode?)Round(v))]);
            json["roundMachineProbeUs"] = new System.Text.Json.Nodes.JsonArray([.. o.RoundMachineProbeUs.Select(v => (System.Text.Json.Nodes.JsonNode?)Round(v))]);
            json["thinkMs"] = results.Options.Think.TotalMilliseconds;
            json["together"] = results.Options.Together;
            json["getP50Ms"] = Round(o.GetMs.Percentile(50));
            json["getP99Ms"] = Round(o.GetMs.Percentile(99));
            json["postP50Ms"] = Round(o.PostMs.Percentile(50));
            json["postP95Ms"] = Round(o.PostMs.Percentile(95));
            json["postP99Ms"] = Round(o.PostMs.Percentile(99));
            json["postMaxMs"] = Round(o.PostMs.Max);
            json["mailExact"] = o.MailExact;
            json["officersOtherProcessesCpuS"] = o.Cpu is { } oc ? Round(oc.Others.TotalSeconds) : null;
            json["officersHostCpuPerCompletionMs"] = o.Cpu is { } hc ? Round(hc.Host.TotalMilliseconds / o.Measured) : null;
            json["officersHostCpuPerPostInFlightMs"] = o.PostPhaseCpu is { } pc ? Round(pc.Host.TotalMilliseconds / o.Measured) : null;
            json["rssAfterOfficersMB"] = Round(o.RssAfterMB);
            PrintProblems("officers", o.HostProblems);
        }

        var width = rows.Max(r => r.Name.Length);
        Console.WriteLine();
        foreach (var (name, value) in rows)
        {
            Console.WriteLine($"{name.PadRight(width)}  {value}");
        }

        Console.WriteLine();
        Console.WriteLine("targets (issue 5):");
        foreach (var (target, measured, met) in targets)
        {
            Console.WriteLine($"  [{(met ? "met" : "MISSED")}] {target}: {measured}");
        }

        // No target measured (a scenario failed before its figures) is not "all met".
        var all = targets.Count > 0 && targets.All(t => t.Met);
        json["allTargetsMet"] = all;
        Console.WriteLine(json.ToJsonString());
        return all;
    }

    private static void PrintProblems(string scenario, IReadOnlyList<string> problems)
    {
        foreach (var line in problems.Take(5))
        {
            ScenarioSupport.Progress($"{scenario}: host log: {line}");
        }
    }

    private static string Ms(double value) => value.ToString(value < 10 ? "0.00" : "0", CultureInfo.InvariantCulture);

    private static double Round(double value) => Math.Round(value, 2);

    private static string CpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static double MemoryGiB()
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            return long.Parse(line["MemTotal:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0 / 1024.0;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
