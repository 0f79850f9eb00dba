using System.Diagnostics;
using Kinerja.Cli.Tests.Support;

namespace Kinerja.Cli.Tests;

/// <summary>The built <c>kinerja</c> executable, run as a real process: proves the entry point and the exit code.</summary>
public sealed class EntryPointTests : IDisposable
{
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task TheBuiltCli_ValidatesTheSop_AndExitsZero()
    {
        var sop = TestFiles.InRepository("workflows", "sop-pengumpulan-data-kinerja.bpmn");

        var (exitCode, output, error) = await RunKinerjaAsync("validate", sop);

        Assert.Equal(0, exitCode);
        Assert.Equal($"{sop}: ok", output.Trim());
        Assert.Empty(error);
    }

    [Fact]
    public async Task TheBuiltCli_ExitsOne_ForAFileItRefuses()
    {
        var path = _files.Write("rusak.bpmn", Definitions.SeveralProblems);

        var (exitCode, output, _) = await RunKinerjaAsync("validate", path);

        Assert.Equal(1, exitCode);
        Assert.Contains($"{path}:12:6: Flow_Hilang: ", output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunKinerjaAsync(params string[] args)
    {
        var kinerja = Path.Combine(AppContext.BaseDirectory, "kinerja.dll");
        Assert.True(File.Exists(kinerja), $"The CLI was not built next to the tests: {kinerja}");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(kinerja);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
