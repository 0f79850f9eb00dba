using System.Diagnostics;
using System.Text;

namespace Kinerja.Host.Tests.Support;

/// <summary>
/// The host's own build (beside this test assembly) run as a real process, <c>dotnet Kinerja.Host.dll</c>, in a folder of
/// the test's, with its console output collected: for what only a process shows (exit codes, signals, stderr).
/// </summary>
internal sealed class HostProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource _banner = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HostProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Collect(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Collect(_stderr, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static HostProcess Start(string workingFolder, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Kinerja.Host.dll"));
        start.ArgumentList.Add("--urls=http://127.0.0.1:0");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return new HostProcess(Process.Start(start)!);
    }

    public int Id => _process.Id;

    public int ExitCode => _process.ExitCode;

    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Waits until the whole start banner is printed (the host is serving), or fails with what the host printed.</summary>
    public async Task WaitForBannerAsync(TimeSpan timeout)
    {
        var exited = _process.WaitForExitAsync();
        if (await Task.WhenAny(_banner.Task, exited, Task.Delay(timeout)) != _banner.Task)
        {
            throw new TimeoutException($"The host printed no banner within {timeout.TotalSeconds:0} s: {Stdout} {Stderr}");
        }
    }

    /// <summary>Waits for the process to end, or kills it and fails after <paramref name="timeout"/>.</summary>
    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The host did not stop within {timeout.TotalSeconds:0} s: {Stdout} {Stderr}");
        }

        _process.WaitForExit(); // the last lines of output
    }

    /// <summary>Sends SIGTERM, what a service manager or <c>docker stop</c> sends.</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start("kill", ["-TERM", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void Collect(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }

        if (line.StartsWith("  Health:", StringComparison.Ordinal)) // the banner's last line
        {
            _banner.TrySetResult();
        }
    }
}
