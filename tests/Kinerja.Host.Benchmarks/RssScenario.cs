namespace Kinerja.Host.Benchmarks;

/// <summary>What the memory scenario measured.</summary>
internal sealed record RssFigures(double AfterStartMB, double AfterIdleMB, string? Deployed)
{
    public const double TargetMB = 250;

    public bool Met => AfterStartMB < TargetMB;
}

/// <summary>
/// The host as a new deployment starts it: demo organisation seeded (89 people, 42 SKPDs), the repository's workflows
/// deployed, Hangfire running. VmRSS once the banner is printed and /health is Healthy, and again after 10 s idle.
/// </summary>
internal static class RssScenario
{
    public static async Task<RssFigures> RunAsync(HostBenchOptions options)
    {
        await using var smtp = new BenchSmtpServer();
        await smtp.StartAsync();
        ScenarioSupport.Progress("rss: starting the host with the demo data and the repository's workflows");
        await using var host = await HostProcess.StartAsync(options, "rss", smtp, ScenarioSupport.RepositoryWorkflows());
        var afterStart = host.RssMB();
        ScenarioSupport.Progress($"rss: host pid {host.ProcessId} ready, VmRSS {afterStart:0.0} MB; 10 s idle");
        await Task.Delay(TimeSpan.FromSeconds(10));
        return new RssFigures(afterStart, host.RssMB(), host.Deployed);
    }
}
