using System.Collections.Concurrent;
using Kinerja.Engine.Bpmn;
using Kinerja.Engine.Execution;
using Kinerja.Engine.Storage;

namespace Kinerja.Engine.Deployment;

/// <summary>Parsed definitions by id. A deployed version never changes, so it is parsed once per process.</summary>
public sealed class DefinitionCache
{
    private readonly ConcurrentDictionary<string, ProcessDefinition> _parsed = new(StringComparer.Ordinal);

    public async Task<ProcessDefinition> GetAsync(IWorkflowStore store, string definitionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(definitionId);
        if (_parsed.TryGetValue(definitionId, out var cached))
        {
            return cached;
        }

        var separator = definitionId.LastIndexOf(':');
        if (separator <= 0 || !int.TryParse(definitionId.AsSpan(separator + 1), out var version))
        {
            throw new NotFoundException($"'{definitionId}' is not a definition id (key:version).");
        }

        var deployed = await store.FindDefinitionAsync(definitionId[..separator], version, cancellationToken)
            ?? throw new NotFoundException($"Definition '{definitionId}' is not deployed.");
        return Get(deployed);
    }

    public ProcessDefinition Get(DeployedDefinition deployed)
    {
        ArgumentNullException.ThrowIfNull(deployed);
        return _parsed.GetOrAdd(deployed.Id, _ =>
        {
            var document = BpmnParser.Parse(deployed.Xml);
            document.ThrowIfInvalid();
            return document.Processes.FirstOrDefault(p => p.Id == deployed.ProcessKey)
                ?? throw new NotFoundException($"The stored XML of '{deployed.Id}' has no process '{deployed.ProcessKey}'.");
        });
    }
}
