using System.Globalization;
using System.Text.Json.Nodes;
using Kinerja.Engine.Bpmn;
using Kinerja.Engine.Expressions;

namespace Kinerja.Engine.Execution;

internal sealed partial class InstanceRuntime
{
    private const string NrOfInstances = "nrOfInstances";
    private const string NrOfCompleted = "nrOfCompletedInstances";
    private const string NrOfActive = "nrOfActiveInstances";
    private const string LoopCounter = "loopCounter";

    /// <summary>The variable a multi-instance activity's item results are gathered in: <c>{activityId}_results</c>.</summary>
    public static string ResultsVariable(string activityId) => activityId + "_results";

    private void StartMultiInstance(ExecutionState body, Activity activity)
    {
        var mi = activity.MultiInstance!;
        var items = LoopItemsOf(body, activity, mi);
        Record(History.HistoryKind.ElementStarted, activity.Id, null, $"{{\"nrOfInstances\":{items.Count}}}");
        body.Kind = ExecutionKind.MultiInstanceBody;
        body.Phase = ExecutionPhase.Waiting;
        body.LoopItems = items;
        body.Variables = new Dictionary<string, JsonNode?>(StringComparer.Ordinal)
        {
            [NrOfInstances] = items.Count,
            [NrOfCompleted] = 0,
            [NrOfActive] = 0,
        };
        if (!Instance.Variables.ContainsKey(ResultsVariable(activity.Id)))
        {
            Instance.Variables[ResultsVariable(activity.Id)] = new JsonObject();
        }

        if (items.Count == 0)
        {
            CompleteMultiInstanceBody(body);
            return;
        }

        AttachBoundaryEvents(body, activity);
        var toStart = mi.IsSequential ? 1 : items.Count;
        for (var i = 0; i < toStart; i++)
        {
            StartItem(body, mi, i);
        }
    }

    private List<JsonNode?> LoopItemsOf(ExecutionState body, Activity activity, MultiInstance mi)
    {
        var variables = VisibleVariables(body);
        if (mi.Collection is not null)
        {
            var text = ExpressionText.ContainsExpression(mi.Collection) ? mi.Collection : "${" + mi.Collection + "}";
            var value = Evaluate(activity.Id, text, variables);
            return value is JsonArray array
                ? array.Select(n => n?.DeepClone()).ToList()
                : throw new EngineException($"The multi-instance collection '{mi.Collection}' of '{activity.Id}' is {ExpressionEvaluatorExtensions.Describe(value)}, not a list.") { ElementId = activity.Id };
        }

        var cardinality = Evaluate(activity.Id, mi.LoopCardinality!, variables);
        if (cardinality is JsonValue v && long.TryParse(v.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) && count is >= 0 and <= 10_000)
        {
            return Enumerable.Range(0, (int)count).Select(i => (JsonNode?)i).ToList();
        }

        throw new EngineException($"The loopCardinality of '{activity.Id}' is {ExpressionEvaluatorExtensions.Describe(cardinality)}, not a whole number from 0 to 10000.") { ElementId = activity.Id };
    }

    private void StartItem(ExecutionState body, MultiInstance mi, int index)
    {
        var item = NewExecution(body.Id, body.ElementId, ExecutionKind.Token, isItem: true);
        item.Variables = new Dictionary<string, JsonNode?>(StringComparer.Ordinal) { [LoopCounter] = index };
        if (mi.ElementVariable is not null)
        {
            item.Variables[mi.ElementVariable] = body.LoopItems![index]?.DeepClone();
        }

        body.Variables![NrOfActive] = Count(body, NrOfActive) + 1;
        Schedule(Step.Arrive, item);
    }

    private void CompleteMultiInstanceItem(ExecutionState item)
    {
        var body = RequireExecution(item.ParentId!);
        var activity = (Activity)Definition.GetNode(body.ElementId);
        var mi = activity.MultiInstance!;
        body.Variables![NrOfCompleted] = Count(body, NrOfCompleted) + 1;
        body.Variables[NrOfActive] = Count(body, NrOfActive) - 1;
        CollectResult(item, activity, mi);

        var variables = VisibleVariables(item);
        var completed = Count(body, NrOfCompleted);
        var total = Count(body, NrOfInstances);
        var conditionMet = mi.CompletionCondition is not null && IsCompletionConditionTrue(activity, mi.CompletionCondition, variables);
        Instance.Executions.Remove(item);

        if (conditionMet || completed >= total)
        {
            foreach (var remaining in ChildrenOf(body).ToList())
            {
                CancelExecution(remaining, $"completion condition of '{activity.Id}' met");
            }

            CompleteMultiInstanceBody(body);
        }
        else if (mi.IsSequential)
        {
            StartItem(body, mi, (int)completed);
        }
    }

    private void CompleteMultiInstanceBody(ExecutionState body)
    {
        RemoveSubscriptionsOf(body);
        body.Variables = null;
        body.LoopItems = null;
        body.Kind = ExecutionKind.Token;
        Leave(body);
    }

    /// <summary>Gathers an item's own variables under its item value (e.g. the SKPD code) in the results variable.</summary>
    private void CollectResult(ExecutionState item, Activity activity, MultiInstance mi)
    {
        var own = (item.Variables ?? []).Where(v => v.Key != LoopCounter && v.Key != mi.ElementVariable).ToList();
        var itemValue = mi.ElementVariable is not null ? item.Variables?.GetValueOrDefault(mi.ElementVariable) : null;
        var key = itemValue is JsonValue value && (value.TryGetValue<string>(out _) || value.TryGetValue<long>(out _) || value.TryGetValue<double>(out _))
            ? value.ToString()
            : item.Variables?.GetValueOrDefault(LoopCounter)?.ToString() ?? "0";
        var result = new JsonObject();
        foreach (var (name, node) in own)
        {
            result[name] = node?.DeepClone();
        }

        if (Instance.Variables.GetValueOrDefault(ResultsVariable(activity.Id)) is not JsonObject results)
        {
            results = new JsonObject();
            Instance.Variables[ResultsVariable(activity.Id)] = results;
        }

        results[key] = result;
    }

    private bool IsCompletionConditionTrue(Activity activity, string condition, IReadOnlyDictionary<string, JsonNode?> variables)
    {
        try
        {
            return Context.Services.Expressions.EvaluateCondition(condition, variables);
        }
        catch (ExpressionException ex)
        {
            throw new EngineException($"The completion condition of '{activity.Id}' failed: {ex.Message}", ex) { ElementId = activity.Id };
        }
    }

    private static long Count(ExecutionState body, string name) =>
        body.Variables?.GetValueOrDefault(name) is JsonValue v && v.TryGetValue<long>(out var n) ? n
        : body.Variables?.GetValueOrDefault(name) is JsonValue w && w.TryGetValue<int>(out var m) ? m
        : 0;
}
