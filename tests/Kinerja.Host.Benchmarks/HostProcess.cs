using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Kinerja.Host.Benchmarks;

/// <summary>
/// The real host, <c>dotnet Kinerja.Host.dll --urls http://127.0.0.1:port</c>, as a child process with its settings in
/// environment variables: a fresh temporary data folder (SQLite engine, host and Hangfire files), a workflows folder of
/// its own, the Hangfire server on with its default polling, and mail to the benchmark's SMTP server.
/// </summary>
internal sealed partial class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly TaskCompletionSource _banner = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly bool _keep;
    private int _lines;
    private int _linesAtReady;

    private HostProcess(Process process, string folder, Uri baseAddress, StreamWriter log, bool keep)
    {
        _process = process;
        Folder = folder;
        BaseAddress = baseAddress;
        _log = log;
        _keep = keep;
    }

    /// <summary>The temporary folder: <c>data/</c>, <c>workflows/</c> and <c>host.log</c> (the host's console output).</summary>
    public string Folder { get; }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    /// <summary>The admin password the host printed in its banner (first start only).</summary>
    public string? AdminPassword { get; private set; }

    /// <summary>The banner's "Deployed:" line.</summary>
    public string? Deployed { get; private set; }

    /// <param name="workflows">BPMN files (name, XML) for the host's workflows folder.</param>
    /// <param name="settings">More settings as environment variables (<c>Kinerja__…</c>).</param>
    public static async Task<HostProcess> StartAsync(
        HostBenchOptions options, string name, BenchSmtpServer smtp, IEnumerable<(string Name, string Xml)> workflows, IDictionary<string, string>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(smtp);
        if (!File.Exists(options.HostAssembly))
        {
            throw new FileNotFoundException(
                $"The host is not built at {options.HostAssembly}: build it (dotnet build src/Kinerja.Host -c Release) or pass --host.", options.HostAssembly);
        }

        var folder = Path.Combine(Path.GetTempPath(), "kinerja-host-bench", $"{name}-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}");
        var workflowsFolder = Directory.CreateDirectory(Path.Combine(folder, "workflows")).FullName;
        foreach (var (file, xml) in workflows)
        {
            await File.WriteAllTextAsync(Path.Combine(workflowsFolder, file), xml);
        }

        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        // The content root: the host's output folder, or its project folder (with wwwroot) when it runs from a build.
        var output = Path.GetDirectoryName(options.HostAssembly)!;
        var project = Path.GetFullPath(Path.Combine(output, "..", "..", ".."));
        var contentRoot = !Directory.Exists(Path.Combine(output, "wwwroot")) && Directory.Exists(Path.Combine(project, "wwwroot")) ? project : output;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = contentRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(options.HostAssembly);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseAddress.ToString().TrimEnd('/'));
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Kinerja__DataFolder"] = Path.Combine(folder, "data"),
            ["Kinerja__WorkflowsFolder"] = workflowsFolder,
            ["Kinerja__PublicBaseUrl"] = baseAddress.ToString().TrimEnd('/'),
            ["Kinerja__Mail__SmtpHost"] = "127.0.0.1",
            ["Kinerja__Mail__SmtpPort"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Kinerja__Mail__SmtpSecurity"] = "None",
            ["Kinerja__Links__PermitsPerMinute"] = options.PermitsPerMinute.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in (settings ?? new Dictionary<string, string>()).Concat(options.HostEnvironment))
        {
            environment[key] = value;
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var log = new StreamWriter(Path.Combine(folder, "host.log")) { AutoFlush = true };
        await log.WriteLineAsync($"# dotnet {string.Join(' ', start.ArgumentList)}");
        foreach (var (key, value) in environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            await log.WriteLineAsync($"# {key}={value}");
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var host = new HostProcess(process, folder, baseAddress, log, options.Keep);
        process.OutputDataReceived += (_, e) => host.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => host.OnLine(e.Data);
        process.Exited += (_, _) => host._banner.TrySetException(new InvalidOperationException($"The host exited with code {process.ExitCode} before it was ready; see {folder}/host.log."));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await host.WaitUntilReadyAsync(TimeSpan.FromMinutes(3));
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        return host;
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.WriteLine(line);
            _lines++;
        }

        if (PasswordPattern().Match(line) is { Success: true } password)
        {
            AdminPassword = password.Groups[1].Value;
        }

        if (line.TrimStart().StartsWith("Deployed:", StringComparison.Ordinal))
        {
            Deployed = line.Trim()["Deployed:".Length..].Trim();
        }

        if (line.TrimStart().StartsWith("Health:", StringComparison.Ordinal))
        {
            _banner.TrySetResult(); // the banner's last line
        }
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _banner.Task.WaitAsync(cancel.Token);
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        while (true)
        {
            cancel.Token.ThrowIfCancellationRequested();
            using var response = await client.GetAsync(new Uri("/health", UriKind.Relative), cancel.Token);
            var body = await response.Content.ReadAsStringAsync(cancel.Token);
            if (response.StatusCode == HttpStatusCode.OK && body.Contains("\"status\":\"Healthy\"", StringComparison.Ordinal))
            {
                lock (_log)
                {
                    _linesAtReady = _lines;
                }

                return;
            }

            await Task.Delay(200, cancel.Token);
        }
    }

    /// <summary>The host's resident set (VmRSS of /proc/pid/status) in MB (10⁶ bytes; the kernel counts in KiB).</summary>
    public double RssMB()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id.ToString(CultureInfo.InvariantCulture)}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kb = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                return kb * 1024 / 1e6;
            }
        }

        throw new InvalidOperationException("No VmRSS line in /proc/<pid>/status.");
    }

    /// <summary>CPU time the host has used so far (user + system).</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    private const int MaxProblemLength = 400;

    /// <summary>The host's log entries since it was ready that report an error or a warning (failed jobs, dispatch errors), each with the start of its message.</summary>
    public IReadOnlyList<string> Problems()
    {
        lock (_log)
        {
            _log.Flush();
        }

        using var stream = new FileStream(Path.Combine(Folder, "host.log"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        var header = true;
        var count = 0;
        var inProblem = false;
        while (reader.ReadLine() is { } line)
        {
            if (header && line.StartsWith('#'))
            {
                continue;
            }

            header = false;
            if (++count <= _linesAtReady)
            {
                continue;
            }

            var continues = line.StartsWith("      ", StringComparison.Ordinal);
            if (line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("warn:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal))
            {
                lines.Add(line);
                inProblem = true;
            }
            else if (!continues)
            {
                inProblem = false;
            }
            else if (inProblem && lines[^1].Length < MaxProblemLength)
            {
                // The console formatter writes the message (and an exception) indented on the lines after the level and category.
                lines[^1] = $"{lines[^1]} | {line.Trim()}";
            }
        }

        return lines.Select(l => l.Length > MaxProblemLength ? l[..MaxProblemLength] + " …" : l).ToList();
    }

    /// <summary>SIGTERM and wait for a clean stop (the host's shutdown timeout is 30 s); SIGKILL after that.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false }))
        {
            if (kill is not null)
            {
                await kill.WaitForExitAsync();
            }
        }

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }

        if (!_keep)
        {
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"password '([^']+)'")]
    private static partial Regex PasswordPattern();
}
