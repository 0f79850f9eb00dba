using System.Text.Json.Nodes;

namespace Kinerja.Engine.Expressions;

/// <summary>Evaluates <see cref="ExpressionText"/>s against an instance's variables.</summary>
public interface IExpressionEvaluator
{
    /// <summary>
    /// The value of the text: a single expression keeps its type (number, boolean, array …);
    /// a literal or mixed text gives a string.
    /// </summary>
    JsonNode? Evaluate(string text, IReadOnlyDictionary<string, JsonNode?> variables);
}

public static class ExpressionEvaluatorExtensions
{
    public static bool EvaluateCondition(this IExpressionEvaluator evaluator, string text, IReadOnlyDictionary<string, JsonNode?> variables)
    {
        var value = evaluator.Evaluate(text, variables);
        if (value is JsonValue v && v.TryGetValue<bool>(out var result))
        {
            return result;
        }

        throw new ExpressionException($"The condition '{text}' gave {Describe(value)}, not true or false.");
    }

    public static string? EvaluateString(this IExpressionEvaluator evaluator, string? text, IReadOnlyDictionary<string, JsonNode?> variables)
    {
        if (text is null)
        {
            return null;
        }

        var value = evaluator.Evaluate(text, variables);
        return value switch
        {
            null => null,
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => value.ToJsonString(),
        };
    }

    internal static string Describe(JsonNode? value) => value is null ? "null" : $"'{value.ToJsonString()}'";
}
