using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Kinerja.Persistence.Tests.Support;

/// <summary>A command the worker printed as acknowledged: its await had returned.</summary>
internal abstract record Ack(Guid InstanceId);

/// <summary><c>ACK start &lt;instanceId&gt; &lt;businessKey&gt;</c></summary>
internal sealed record StartAck(Guid InstanceId, string BusinessKey) : Ack(InstanceId);

/// <summary><c>ACK complete &lt;instanceId&gt; &lt;elementId&gt; &lt;taskId&gt;</c></summary>
internal sealed record CompleteAck(Guid InstanceId, string ElementId, string TaskId) : Ack(InstanceId);

/// <summary>
/// The crash worker (tests/Kinerja.Persistence.CrashWorker) as a real child process, its stdout read as it
/// comes. The test project's build copies the worker's output to <c>crash-worker/</c> beside the tests.
/// </summary>
internal sealed class CrashWorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Lock _gate = new();
    private readonly List<Ack> _acks = [];
    private readonly List<string> _unreadable = [];
    private readonly StringBuilder _stderr = new();
    private readonly Task _stdoutPump;
    private readonly Task _stderrPump;

    private CrashWorkerProcess(Process process)
    {
        _process = process;
        _stdoutPump = Task.Run(PumpStdoutAsync);
        _stderrPump = Task.Run(PumpStderrAsync);
    }

    public static string WorkerPath => Path.Combine(AppContext.BaseDirectory, "crash-worker", "Kinerja.Persistence.CrashWorker.dll");

    public static CrashWorkerProcess Start(string databasePath, int seed)
    {
        Assert.True(File.Exists(WorkerPath), $"The crash worker is not at {WorkerPath}; building the test project puts it there.");
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(WorkerPath);
        start.ArgumentList.Add(databasePath);
        start.ArgumentList.Add(seed.ToString(CultureInfo.InvariantCulture));
        return new CrashWorkerProcess(Process.Start(start) ?? throw new InvalidOperationException("The crash worker did not start."));
    }

    public bool HasExited => _process.HasExited;

    public int AckCount
    {
        get
        {
            lock (_gate)
            {
                return _acks.Count;
            }
        }
    }

    /// <summary>The acknowledged commands, in the order the worker printed them.</summary>
    public IReadOnlyList<Ack> Acks
    {
        get
        {
            lock (_gate)
            {
                return _acks.ToList();
            }
        }
    }

    /// <summary>Whole lines of stdout that are not an ACK the test understands (there should be none).</summary>
    public IReadOnlyList<string> UnreadableLines
    {
        get
        {
            lock (_gate)
            {
                return _unreadable.ToList();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_gate)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Waits until <paramref name="count"/> commands are acknowledged, the worker ends, or <paramref name="within"/> has passed.</summary>
    public async Task WaitForAcksAsync(int count, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (AckCount < count && !_process.HasExited && clock.Elapsed < within)
        {
            await Task.Delay(10);
        }
    }

    /// <summary>
    /// Kills the worker wherever it is, and returns its exit code once every line it wrote has been read.
    /// On Linux <see cref="Process.Kill(bool)"/> sends SIGKILL: no finalizer, no flush, no SQLite close runs,
    /// as in a crash (the kernel's page cache survives it, so this is not a power cut).
    /// </summary>
    public async Task<int> KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _process.WaitForExitAsync(timeout.Token);
        await Task.WhenAll(_stdoutPump, _stderrPump).WaitAsync(timeout.Token);
        return _process.ExitCode;
    }

    private async Task PumpStdoutAsync()
    {
        var reader = _process.StandardOutput;
        var buffer = new char[4096];
        var line = new StringBuilder();
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] == '\n')
                {
                    Accept(line.ToString());
                    line.Clear();
                }
                else
                {
                    line.Append(buffer[i]);
                }
            }
        }

        // Whatever follows the last newline was never written whole, so it was not acknowledged.
    }

    private void Accept(string line)
    {
        var parts = line.Split(' ');
        Ack? ack = parts switch
        {
            ["ACK", "start", var id, var businessKey] when Guid.TryParse(id, out var instanceId) => new StartAck(instanceId, businessKey),
            ["ACK", "complete", var id, var elementId, var taskId] when Guid.TryParse(id, out var instanceId) => new CompleteAck(instanceId, elementId, taskId),
            _ => null,
        };
        lock (_gate)
        {
            if (ack is null)
            {
                _unreadable.Add(line);
            }
            else
            {
                _acks.Add(ack);
            }
        }
    }

    private async Task PumpStderrAsync()
    {
        while (await _process.StandardError.ReadLineAsync() is { } line)
        {
            lock (_gate)
            {
                _stderr.AppendLine(line);
            }
        }
    }

    /// <summary>The dotnet host running this test, so the worker runs on the same runtime.</summary>
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path
        : "dotnet";

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
