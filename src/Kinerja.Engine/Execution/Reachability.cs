using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Kinerja.Engine.Bpmn;

namespace Kinerja.Engine.Execution;

/// <summary>
/// Which nodes a token can still reach from where it stands, within one scope; an inclusive gateway
/// joins once no other token of its scope can reach it. Computed once per definition and node.
/// </summary>
internal static class Reachability
{
    private static readonly ConditionalWeakTable<ProcessDefinition, ConcurrentDictionary<string, HashSet<string>>> Cache = [];

    public static bool CanReach(ProcessDefinition definition, string fromId, string targetId)
    {
        var perNode = Cache.GetValue(definition, _ => new ConcurrentDictionary<string, HashSet<string>>(StringComparer.Ordinal));
        var reachable = perNode.GetOrAdd(fromId, id => Compute(definition.GetNode(id)));
        return reachable.Contains(targetId);
    }

    private static HashSet<string> Compute(FlowNode start)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<FlowNode>();
        pending.Push(start);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            var next = node.Outgoing.Select(f => f.Target);
            if (node is Activity activity)
            {
                next = next.Concat(activity.BoundaryEvents);
            }

            foreach (var target in next)
            {
                if (seen.Add(target.Id))
                {
                    pending.Push(target);
                }
            }
        }

        return seen;
    }
}
