namespace Kinerja.Benchmarks;

internal static class Program
{
    /// <returns>0 when the benchmark ran, 1 when it failed, 2 on bad arguments.</returns>
    public static async Task<int> Main(string[] args)
    {
        var profile = Environment.GetEnvironmentVariable("KINERJA_BENCH_PROFILE") is "1" or "true";
        BenchmarkOptions options;
        try
        {
            options = BenchmarkOptions.Parse(args, profile);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"Kinerja.Benchmarks: {ex.Message} {BenchmarkOptions.Usage}");
            return 2;
        }

        if (options.HelpRequested)
        {
            Console.WriteLine(BenchmarkOptions.Usage);
            return 0;
        }

        if (options.Calendar > 0)
        {
            CalendarRun.Print(options.Calendar, CalendarRun.Run(options.Calendar));
            return 0;
        }

        try
        {
            await new Benchmark(options).RunAsync();
            return 0;
        }
        catch (Exception ex)
        {
            await Console.Error.WriteLineAsync($"Kinerja.Benchmarks: the benchmark failed: {ex}");
            return 1;
        }
    }
}
