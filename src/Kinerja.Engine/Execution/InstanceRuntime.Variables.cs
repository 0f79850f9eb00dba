using System.Text.Json.Nodes;

namespace Kinerja.Engine.Execution;

internal sealed partial class InstanceRuntime
{
    /// <summary>The variables seen from an execution: its own, then its scopes' up to the process's.</summary>
    public Dictionary<string, JsonNode?> VisibleVariables(ExecutionState execution)
    {
        var visible = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        for (var current = execution; current is not null; current = current.ParentId is null ? null : Instance.FindExecution(current.ParentId))
        {
            foreach (var (name, value) in current.Variables ?? [])
            {
                visible.TryAdd(name, value);
            }
        }

        return visible;
    }

    /// <summary>
    /// Sets variables where they already live; new ones go to the process, except inside one item
    /// of a multi-instance, where they stay with that item (each SKPD's data apart from the others').
    /// </summary>
    private void SetVariables(ExecutionState execution, IReadOnlyDictionary<string, JsonNode?> values)
    {
        foreach (var (name, value) in values)
        {
            var target = Instance.Root;
            for (var current = execution; current is not null; current = current.ParentId is null ? null : Instance.FindExecution(current.ParentId))
            {
                if (current.Variables?.ContainsKey(name) == true || current.IsMultiInstanceItem)
                {
                    target = current;
                    break;
                }
            }

            (target.Variables ??= [])[name] = value?.DeepClone();
        }
    }
}
