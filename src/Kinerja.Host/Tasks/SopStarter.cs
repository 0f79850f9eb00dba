using System.Text.Json.Nodes;
using Kinerja.Engine;
using Kinerja.Engine.Execution;
using Kinerja.Host.Data;
using Microsoft.EntityFrameworkCore;

namespace Kinerja.Host.Tasks;

/// <summary>
/// Starts SOP instances for people and other systems. An SOP that fans out to the regional agencies (a
/// multi-instance activity over <c>${skpd}</c>) gets, when the caller does not give the list, every
/// Perangkat Daerah in master data.
/// </summary>
public sealed class SopStarter(WorkflowEngine engine, HostDbContextFactory contexts)
{
    public const string SkpdVariable = "skpd";

    public async Task<ProcessInstance> StartAsync(
        string processKey,
        string? businessKey,
        IReadOnlyDictionary<string, JsonNode?>? variables,
        string actor,
        int? version = null,
        string? idempotencyKey = null,
        CancellationToken cancellationToken = default)
    {
        var values = variables?.ToDictionary(v => v.Key, v => v.Value?.DeepClone(), StringComparer.Ordinal)
            ?? new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (!values.ContainsKey(SkpdVariable) && await FansOutToSkpdAsync(processKey, version, cancellationToken))
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var codes = await db.Skpds.AsNoTracking().OrderBy(s => s.Code).Select(s => s.Code).ToListAsync(cancellationToken);
            values[SkpdVariable] = new JsonArray(codes.Select(c => (JsonNode?)c).ToArray());
        }

        return await engine.StartAsync(processKey, values, businessKey, actor, version, idempotencyKey, cancellationToken);
    }

    private async Task<bool> FansOutToSkpdAsync(string processKey, int? version, CancellationToken cancellationToken)
    {
        Kinerja.Engine.Bpmn.ProcessDefinition process;
        try
        {
            process = await engine.GetProcessDefinitionAsync(processKey, version, cancellationToken);
        }
        catch (NotFoundException)
        {
            return false; // the engine's own start says what is missing
        }

        return process.AllNodes.Values.OfType<Kinerja.Engine.Bpmn.Activity>()
            .Any(a => a.MultiInstance?.Collection is { } collection && collection.Replace(" ", string.Empty, StringComparison.Ordinal) == "${" + SkpdVariable + "}");
    }
}
