using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kinerja.Engine.Bpmn;
using Kinerja.Engine.History;

namespace Kinerja.Engine.Execution;

/// <summary>
/// Moves the tokens of one instance: each step takes a token from the agenda, runs the behaviour of
/// the node it stands on, and queues what follows, until every token waits (a task, a timer, a
/// message, a join) or the instance has ended.
/// </summary>
internal sealed partial class InstanceRuntime(CommandContext context, ProcessInstance instance, ProcessDefinition definition)
{
    private readonly Queue<(Step Step, string ExecutionId)> _agenda = new();

    private enum Step
    {
        Arrive,
        Leave,
    }

    public ProcessInstance Instance { get; } = instance;

    public ProcessDefinition Definition { get; } = definition;

    private CommandContext Context { get; } = context;

    private DateTimeOffset Now => Context.Now;

    /// <summary>Starts the instance at the given start event (the none start event when null).</summary>
    public async Task StartAsync(StartEvent? startEvent, IReadOnlyDictionary<string, JsonNode?>? variables, CancellationToken cancellationToken)
    {
        startEvent ??= Definition.Nodes.OfType<StartEvent>().FirstOrDefault(s => s.Trigger == EventTrigger.None)
            ?? throw new EngineException($"Process '{Definition.Id}' has no none start event; it starts by a timer or a message.");
        foreach (var (name, value) in variables ?? new Dictionary<string, JsonNode?>())
        {
            Instance.Variables[name] = value?.DeepClone();
        }

        Record(HistoryKind.InstanceStarted, null, null, variables is { Count: > 0 } ? Json(variables) : null);
        var token = NewExecution(Instance.Root.Id, startEvent.Id, ExecutionKind.Token);
        Schedule(Step.Arrive, token);
        await RunAsync(cancellationToken);
    }

    /// <summary>Runs the agenda until every token waits.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            while (_agenda.TryDequeue(out var item))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var execution = Instance.FindExecution(item.ExecutionId);
                if (execution is null || Instance.IsEnded)
                {
                    continue; // cancelled meanwhile (interrupting boundary, terminate end event)
                }

                Context.CountStep(execution.ElementId);
                if (item.Step == Step.Arrive)
                {
                    await ArriveAsync(execution, cancellationToken);
                }
                else
                {
                    Leave(execution);
                }
            }

            // A token that ended elsewhere may have released an inclusive join.
            if (Instance.IsEnded || !TryFireWaitingInclusiveJoins())
            {
                return;
            }
        }
    }

    private void Schedule(Step step, ExecutionState execution) => _agenda.Enqueue((step, execution.Id));

    private async Task ArriveAsync(ExecutionState execution, CancellationToken cancellationToken)
    {
        var node = Definition.GetNode(execution.ElementId);
        execution.Phase = ExecutionPhase.Active;
        if (node is Activity { MultiInstance: not null } multi && !execution.IsMultiInstanceItem && execution.Kind == ExecutionKind.Token)
        {
            StartMultiInstance(execution, multi);
            return;
        }

        switch (node)
        {
            case StartEvent or BoundaryEvent:
                Schedule(Step.Leave, execution);
                break;
            case EndEvent end:
                End(execution, end);
                break;
            case Gateway gateway:
                ArriveAtGateway(execution, gateway);
                break;
            case IntermediateCatchEvent catchEvent:
                Record(HistoryKind.ElementStarted, node.Id, null, null);
                WaitForEvent(execution, catchEvent);
                break;
            case Activity activity:
                Record(HistoryKind.ElementStarted, node.Id, null, null);
                await StartActivityAsync(execution, activity, cancellationToken);
                break;
            default:
                throw new EngineException($"The engine cannot run '{node.Id}' ({node.GetType().Name}).") { ElementId = node.Id };
        }
    }

    /// <summary>Takes the node's outgoing flows: the token moves along the first, new tokens along the others.</summary>
    private void Leave(ExecutionState execution)
    {
        var node = Definition.GetNode(execution.ElementId);
        TakeFlows(execution, node, node.Outgoing);
    }

    private void TakeFlows(ExecutionState execution, FlowNode node, IReadOnlyList<SequenceFlow> flows)
    {
        Record(HistoryKind.ElementCompleted, node.Id, null, null);
        if (flows.Count == 0)
        {
            throw new EngineException($"'{node.Id}' has no outgoing flow to take.") { ElementId = node.Id };
        }

        for (var i = 1; i < flows.Count; i++)
        {
            var forked = NewExecution(execution.ParentId!, flows[i].TargetId, ExecutionKind.Token);
            forked.ArrivedVia = flows[i].Id;
            Schedule(Step.Arrive, forked);
        }

        execution.ElementId = flows[0].TargetId;
        execution.ArrivedVia = flows[0].Id;
        execution.Kind = ExecutionKind.Token;
        execution.Phase = ExecutionPhase.Active;
        Schedule(Step.Arrive, execution);
    }

    /// <summary>An activity has done its work: drop what was attached to it and move on.</summary>
    private void CompleteActivity(ExecutionState execution)
    {
        RemoveSubscriptionsOf(execution);
        if (execution.IsMultiInstanceItem)
        {
            CompleteMultiInstanceItem(execution);
            return;
        }

        execution.Kind = ExecutionKind.Token;
        execution.LoopItems = null;
        execution.CalledInstanceId = null;
        Leave(execution);
    }

    private void End(ExecutionState execution, EndEvent end)
    {
        Record(HistoryKind.ElementCompleted, end.Id, null, null);
        var scope = Instance.FindExecution(execution.ParentId!)!;
        if (end.Terminate)
        {
            foreach (var child in ChildrenOf(scope).ToList())
            {
                CancelExecution(child, $"terminated by end event '{end.Id}'");
            }
        }
        else
        {
            Instance.Executions.Remove(execution);
        }

        if (ChildrenOf(scope).Any())
        {
            return;
        }

        if (scope.Kind == ExecutionKind.Root)
        {
            FinishInstance(end.Terminate ? InstanceStatus.Terminated : InstanceStatus.Completed);
        }
        else
        {
            // An embedded sub-process whose last token ended.
            CompleteActivity(scope);
        }
    }

    private void FinishInstance(InstanceStatus status)
    {
        Instance.Status = status;
        Instance.EndedAt = Now;
        Record(status == InstanceStatus.Terminated ? HistoryKind.InstanceTerminated : HistoryKind.InstanceCompleted, null, null, null);
        if (Instance.ParentInstanceId is { } parentId && Instance.ParentExecutionId is { } parentExecutionId)
        {
            var output = new Dictionary<string, JsonNode?>(Instance.Variables);
            Context.Defer(async () =>
            {
                var parent = await Context.GetRuntimeAsync(parentId, CancellationToken.None);
                await parent.ResumeAfterCallAsync(parentExecutionId, Instance.Id, output, CancellationToken.None);
            });
        }
    }

    private ExecutionState NewExecution(string parentId, string elementId, ExecutionKind kind, bool isItem = false)
    {
        var execution = new ExecutionState
        {
            Id = "e" + Instance.NextExecutionNumber++,
            ParentId = parentId,
            ElementId = elementId,
            Kind = kind,
            Phase = ExecutionPhase.Active,
            IsMultiInstanceItem = isItem,
        };
        Instance.Executions.Add(execution);
        return execution;
    }

    private IEnumerable<ExecutionState> ChildrenOf(ExecutionState parent) =>
        Instance.Executions.Where(e => e.ParentId == parent.Id);

    private ExecutionState RequireExecution(string executionId) =>
        Instance.FindExecution(executionId)
        ?? throw new EngineException($"Instance {Instance.Id} has no execution '{executionId}'; it has moved on.");

    private void Record(HistoryKind kind, string? elementId, string? taskId, string? data, TimeSpan? lateness = null) =>
        Context.Record(new HistoryEntry(Instance.Id, Now, kind, elementId, taskId, Context.Actor, data, lateness));

    /// <summary>The values as one JSON object, written straight from the nodes (no object copied first just to print it).</summary>
    private static string Json(IReadOnlyDictionary<string, JsonNode?> values)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in values)
            {
                writer.WritePropertyName(name);
                if (value is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    value.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
