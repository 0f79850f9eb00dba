using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;

namespace Kinerja.Engine.Execution;

internal static class JsonValues
{
    /// <summary>The same names with copies of their values: a JSON node belongs to one parent and may be changed in place.</summary>
    [return: NotNullIfNotNull(nameof(values))]
    public static Dictionary<string, JsonNode?>? DeepCopy(Dictionary<string, JsonNode?>? values)
    {
        if (values is null)
        {
            return null;
        }

        var copy = new Dictionary<string, JsonNode?>(values.Count, values.Comparer);
        foreach (var (name, value) in values)
        {
            copy.Add(name, value?.DeepClone());
        }

        return copy;
    }
}
