using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kinerja.Benchmarks;

/// <summary>The peer's figures (its last JSON line), or why it was not measured.</summary>
internal sealed record PeerResult(JsonObject? Figures, string? NotMeasuredBecause);

/// <summary>
/// <c>--peer</c>: the same four-step process on the npm <c>bpmn-engine</c>, in memory, through
/// <c>peer/bpmn-engine-bench.mjs</c> (see docs/benchmarks.md). Runs only when <c>node</c> is on the path
/// and the peer folder has its <c>node_modules</c>; otherwise it says why and the benchmark goes on.
/// </summary>
internal static class PeerRun
{
    private const string Script = "bpmn-engine-bench.mjs";

    public static async Task<PeerResult> RunAsync(int instances, int clients, int warmUpInstances)
    {
        var folder = FindFolder();
        if (folder is null)
        {
            return new PeerResult(null, $"peer/{Script} not found above {AppContext.BaseDirectory}");
        }

        if (!Directory.Exists(Path.Combine(folder, "node_modules")))
        {
            return new PeerResult(null, $"no node_modules in {folder} (run `npm ci` there)");
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     Script,
                     "--instances", instances.ToString(CultureInfo.InvariantCulture),
                     "--clients", clients.ToString(CultureInfo.InvariantCulture),
                     "--warmup", warmUpInstances.ToString(CultureInfo.InvariantCulture),
                 })
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception("node did not start");
        }
        catch (Win32Exception ex)
        {
            return new PeerResult(null, $"node could not be started ({ex.Message})");
        }

        using (process)
        {
            // The script's progress goes to the inherited stderr; its stdout ends with one JSON line.
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
            if (process.ExitCode != 0 || last is null)
            {
                return new PeerResult(null, $"{Script} exited with code {process.ExitCode}");
            }

            try
            {
                return JsonNode.Parse(last) is JsonObject figures
                    ? new PeerResult(figures, null)
                    : new PeerResult(null, $"{Script}'s last line is not a JSON object");
            }
            catch (JsonException)
            {
                return new PeerResult(null, $"{Script}'s last line is not JSON: {last}");
            }
        }
    }

    /// <summary>The <c>peer</c> folder beside the project: searched upwards from the build output.</summary>
    private static string? FindFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "peer"), Path.Combine(dir.FullName, "tests", "Kinerja.Benchmarks", "peer") })
            {
                if (File.Exists(Path.Combine(candidate, Script)))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
