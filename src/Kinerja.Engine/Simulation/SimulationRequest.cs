using System.Text.Json.Nodes;

namespace Kinerja.Engine.Simulation;

/// <summary>What to simulate: which process of the file, from when, with which start variables.</summary>
public sealed record SimulationRequest
{
    /// <summary>The virtual instant the instance starts at.</summary>
    public required DateTimeOffset Start { get; init; }

    /// <summary>The process to run; may be left out when the file holds one process that no other calls.</summary>
    public string? ProcessId { get; init; }

    public IReadOnlyDictionary<string, JsonNode?>? Variables { get; init; }

    public string? BusinessKey { get; init; } = "simulasi";

    /// <summary>The file name recorded on the deployment, for messages.</summary>
    public string? SourceName { get; init; }

    /// <summary>Task completions and timer firings allowed before the run is given up as looping.</summary>
    public int MaxSteps { get; init; } = 1_000;
}
