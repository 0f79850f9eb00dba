using System.Diagnostics;

namespace Kinerja.Host.Benchmarks;

/// <summary>What the scenarios share: the repository's workflows, waiting on the mailbox, progress lines.</summary>
internal static class ScenarioSupport
{
    /// <summary>The repository's own <c>workflows/*.bpmn</c> (the seed SOP), deployed beside the benchmark's process as in production.</summary>
    public static IReadOnlyList<(string Name, string Xml)> RepositoryWorkflows()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Kinerja.Workflows.sln")))
            {
                return Directory.EnumerateFiles(Path.Combine(dir.FullName, "workflows"), "*.bpmn")
                    .Order(StringComparer.Ordinal)
                    .Select(f => (Path.GetFileName(f), File.ReadAllText(f)))
                    .ToList();
            }
        }

        return [];
    }

    /// <summary>Polls the mailbox until <paramref name="done"/> holds; throws with <paramref name="what"/> after the timeout.</summary>
    public static async Task<IReadOnlyList<ReceivedMail>> WaitForMailAsync(
        BenchSmtpServer smtp, Func<IReadOnlyList<ReceivedMail>, bool> done, TimeSpan timeout, string what)
    {
        var watch = Stopwatch.StartNew();
        var lastCount = -1;
        while (true)
        {
            if (smtp.Count != lastCount)
            {
                lastCount = smtp.Count;
                var received = smtp.Received();
                if (done(received))
                {
                    return received;
                }
            }

            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for {what}; {smtp.Count} mails received in all.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Waits until no mail has arrived for <paramref name="quiet"/> (at most <paramref name="max"/>).</summary>
    public static async Task WaitForQuietAsync(BenchSmtpServer smtp, TimeSpan quiet, TimeSpan max)
    {
        var watch = Stopwatch.StartNew();
        var count = smtp.Count;
        var since = Stopwatch.StartNew();
        while (watch.Elapsed < max)
        {
            await Task.Delay(200);
            if (smtp.Count != count)
            {
                count = smtp.Count;
                since.Restart();
            }
            else if (since.Elapsed >= quiet)
            {
                return;
            }
        }
    }

    public static void Progress(string line) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {line}");

    /// <summary>The load average and what else is busy, printed with the figures (other work on the machine skews them).</summary>
    public static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Trim();
        }
        catch (IOException)
        {
            return "?";
        }
    }
}
