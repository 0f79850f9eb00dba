using System.Text.Json.Nodes;
using Kinerja.Engine;
using Kinerja.Engine.Execution;
using Kinerja.Host.Data;
using Microsoft.EntityFrameworkCore;

namespace Kinerja.Host.Tasks;

/// <summary>
/// Starts SOP instances for people and other systems. An SOP that fans out to the regional agencies reads
/// the variable <c>skpd</c>; when the caller does not give it, it is every Perangkat Daerah in master data.
/// </summary>
public sealed class SopStarter(WorkflowEngine engine, HostDbContextFactory contexts)
{
    public const string SkpdVariable = "skpd";

    public async Task<ProcessInstance> StartAsync(
        string processKey, string? businessKey, IReadOnlyDictionary<string, JsonNode?>? variables, string actor, CancellationToken cancellationToken = default)
    {
        var values = variables?.ToDictionary(v => v.Key, v => v.Value?.DeepClone(), StringComparer.Ordinal)
            ?? new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (!values.ContainsKey(SkpdVariable))
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var codes = await db.Skpds.AsNoTracking().OrderBy(s => s.Code).Select(s => s.Code).ToListAsync(cancellationToken);
            values[SkpdVariable] = new JsonArray(codes.Select(c => (JsonNode?)c).ToArray());
        }

        return await engine.StartAsync(processKey, values, businessKey, actor, cancellationToken: cancellationToken);
    }
}
