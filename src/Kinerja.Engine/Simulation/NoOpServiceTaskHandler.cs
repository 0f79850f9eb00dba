using System.Text.Json.Nodes;
using Kinerja.Engine.ServiceTasks;

namespace Kinerja.Engine.Simulation;

/// <summary>Stands in for a real handler so that a service or send task simply passes in a dry run.</summary>
internal sealed class NoOpServiceTaskHandler(string topic) : IServiceTaskHandler
{
    public string Topic { get; } = topic;

    public ValueTask<IReadOnlyDictionary<string, JsonNode?>?> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyDictionary<string, JsonNode?>?>(null);
}
