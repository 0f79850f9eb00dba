using Microsoft.Extensions.Time.Testing;

namespace Kinerja.Cli.Tests.Support;

/// <summary>What one in-process run of the command line printed and returned.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    /// <summary>Wednesday 25 February 2026, 10:00 WITA: "now" for every run, so the default start is Monday 2 March.</summary>
    public static readonly DateTimeOffset Now = new(2026, 2, 25, 10, 0, 0, TimeSpan.FromHours(8));

    public IReadOnlyList<string> OutputLines => Lines(Output);

    public IReadOnlyList<string> ErrorLines => Lines(Error);

    public static async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await KinerjaCli.RunAsync(args, output, error, new FakeTimeProvider(Now));
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    private static string[] Lines(string text) =>
        text.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
