namespace Kinerja.Host.Benchmarks;

internal static class Program
{
    /// <returns>0 when every target was met, 1 when one was missed, 2 on bad arguments, 3 when the run failed.</returns>
    public static async Task<int> Main(string[] args)
    {
        HostBenchOptions options;
        try
        {
            options = HostBenchOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"Kinerja.Host.Benchmarks: {ex.Message} {HostBenchOptions.Usage}");
            return 2;
        }

        if (options.HelpRequested)
        {
            Console.WriteLine(HostBenchOptions.Usage);
            return 0;
        }

        var results = new HostBenchResults(options);
        try
        {
            if (options.Rss)
            {
                results.Rss = await RssScenario.RunAsync(options);
            }

            if (options.Reminders > 0)
            {
                results.Reminders = await ReminderScenario.RunAsync(options);
            }

            if (options.Officers > 0)
            {
                results.Officers = await OfficersScenario.RunAsync(options);
            }
        }
        catch (Exception ex)
        {
            await Console.Error.WriteLineAsync($"Kinerja.Host.Benchmarks: the benchmark failed: {ex}");
            HostReport.Print(results);
            return 3;
        }

        return HostReport.Print(results) ? 0 : 1;
    }
}

/// <summary>The figures of the scenarios that ran.</summary>
internal sealed class HostBenchResults(HostBenchOptions options)
{
    public HostBenchOptions Options { get; } = options;
    public RssFigures? Rss { get; set; }
    public ReminderFigures? Reminders { get; set; }
    public OfficerFigures? Officers { get; set; }
}
