using System.Text.Json.Nodes;
using Kinerja.Engine.Bpmn;
using Kinerja.Engine.Expressions;
using Kinerja.Engine.History;
using Kinerja.Engine.Messages;
using Kinerja.Engine.Notifications;
using Kinerja.Engine.ServiceTasks;
using Kinerja.Engine.Storage;

namespace Kinerja.Engine.Execution;

internal sealed partial class InstanceRuntime
{
    private async Task StartActivityAsync(ExecutionState execution, Activity activity, CancellationToken cancellationToken)
    {
        switch (activity)
        {
            case UserTask userTask:
                execution.Phase = ExecutionPhase.Waiting;
                AttachBoundaryEvents(execution, activity);
                CreateHumanTask(execution, userTask);
                break;
            case ServiceTask serviceTask:
                await RunServiceTaskAsync(execution, serviceTask, cancellationToken);
                CompleteActivity(execution);
                break;
            case ReceiveTask receiveTask:
                execution.Phase = ExecutionPhase.Waiting;
                AttachBoundaryEvents(execution, activity);
                Subscribe(execution, receiveTask.Id, receiveTask.MessageName, receiveTask.CorrelationKey);
                break;
            case SubProcess subProcess:
                execution.Kind = ExecutionKind.Scope;
                execution.Phase = ExecutionPhase.Waiting;
                AttachBoundaryEvents(execution, activity);
                var start = subProcess.Nodes.OfType<StartEvent>().First();
                Schedule(Step.Arrive, NewExecution(execution.Id, start.Id, ExecutionKind.Token));
                break;
            case CallActivity call:
                execution.Phase = ExecutionPhase.Waiting;
                AttachBoundaryEvents(execution, activity);
                await StartCalledInstanceAsync(execution, call, cancellationToken);
                break;
            default:
                throw new EngineException($"The engine cannot run '{activity.Id}' ({activity.GetType().Name}).") { ElementId = activity.Id };
        }
    }

    private async Task RunServiceTaskAsync(ExecutionState execution, ServiceTask task, CancellationToken cancellationToken)
    {
        if (!Context.Services.Handlers.TryGet(task.Topic, out var handler))
        {
            throw new EngineException($"Service task '{task.Id}' needs a handler for topic '{task.Topic}', and none is registered.") { ElementId = task.Id };
        }

        var variables = VisibleVariables(execution);
        var parameters = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var parameter in task.InputParameters)
        {
            parameters[parameter.Name] = Evaluate(task.Id, parameter.Value, variables);
        }

        var sent = 0;
        var output = await handler.ExecuteAsync(
            new ServiceTaskContext(Instance.Id, Instance.BusinessKey, task.Id, task.Name, parameters, variables, Now)
            {
                SendMessage = data => Context.Emit(OutboxMessage.Notify(new Notification(
                    $"{Instance.Id:N}:{execution.Id}:{task.Id}:message:{sent++}", NotificationKind.Message, Instance.Id, string.Empty, task.Id, Now,
                    null, [], null, sent, new Dictionary<string, string>(data, StringComparer.Ordinal)))),
            },
            cancellationToken);
        Record(HistoryKind.ServiceTaskExecuted, task.Id, null, output is { Count: > 0 } ? Json(output) : null);
        if (output is not null)
        {
            SetVariables(execution, output);
        }
    }

    private void WaitForEvent(ExecutionState execution, IntermediateCatchEvent catchEvent)
    {
        execution.Phase = ExecutionPhase.Waiting;
        if (catchEvent.Trigger == EventTrigger.Timer)
        {
            ScheduleEventTimer(execution, catchEvent, Timers.TimerPurpose.IntermediateEvent);
        }
        else
        {
            Subscribe(execution, catchEvent.Id, catchEvent.MessageName!, catchEvent.CorrelationKey);
        }
    }

    /// <summary>Boundary events start listening when their activity starts waiting.</summary>
    private void AttachBoundaryEvents(ExecutionState execution, Activity activity)
    {
        foreach (var boundary in activity.BoundaryEvents)
        {
            if (boundary.Trigger == EventTrigger.Timer)
            {
                ScheduleEventTimer(execution, boundary, Timers.TimerPurpose.BoundaryEvent);
            }
            else if (boundary.Trigger == EventTrigger.Message)
            {
                Subscribe(execution, boundary.Id, boundary.MessageName!, boundary.CorrelationKey);
            }
        }
    }

    private void Subscribe(ExecutionState execution, string elementId, string messageName, string? correlationKeyExpression)
    {
        var key = correlationKeyExpression is null
            ? Instance.BusinessKey
            : EvaluateText(elementId, correlationKeyExpression, VisibleVariables(execution));
        Instance.MessageSubscriptions.Add(new MessageSubscription
        {
            Id = RandomIds.NewId(),
            InstanceId = Instance.Id,
            MessageName = messageName,
            CorrelationKey = key,
            ExecutionId = execution.Id,
            ElementId = elementId,
        });
    }

    /// <summary>A message arrived for a subscription of this instance.</summary>
    public async Task CorrelateAsync(MessageSubscription subscription, IReadOnlyDictionary<string, JsonNode?>? variables, CancellationToken cancellationToken)
    {
        var stored = Instance.MessageSubscriptions.Find(s => s.Id == subscription.Id)
            ?? throw new EngineException($"Instance {Instance.Id} no longer waits for message '{subscription.MessageName}'.");
        var execution = RequireExecution(stored.ExecutionId);
        var node = Definition.GetNode(stored.ElementId);
        Record(HistoryKind.MessageCorrelated, node.Id, null, variables is { Count: > 0 } ? Json(variables) : null);
        if (variables is not null)
        {
            SetVariables(execution, variables);
        }

        if (node is BoundaryEvent boundary)
        {
            if (boundary.CancelActivity)
            {
                Instance.MessageSubscriptions.Remove(stored);
            }

            TriggerBoundary(execution, boundary);
        }
        else
        {
            Instance.MessageSubscriptions.Remove(stored);
            if (node is ReceiveTask)
            {
                CompleteActivity(execution);
            }
            else
            {
                Schedule(Step.Leave, execution);
            }
        }

        await RunAsync(cancellationToken);
    }

    /// <summary>Leaves through a boundary event: interrupting ones end the activity first.</summary>
    private void TriggerBoundary(ExecutionState activityExecution, BoundaryEvent boundary)
    {
        Record(HistoryKind.ElementStarted, boundary.Id, null, null);
        var parentId = activityExecution.ParentId!;
        if (boundary.CancelActivity)
        {
            CancelExecution(activityExecution, $"interrupted by boundary event '{boundary.Id}'");
        }

        var token = NewExecution(parentId, boundary.Id, ExecutionKind.Token);
        Schedule(Step.Leave, token);
    }

    private async Task StartCalledInstanceAsync(ExecutionState execution, CallActivity call, CancellationToken cancellationToken)
    {
        var called = await Context.Services.Store.FindDefinitionAsync(call.CalledElement, null, cancellationToken)
            ?? throw new EngineException($"Call activity '{call.Id}' calls process '{call.CalledElement}', which is not deployed.") { ElementId = call.Id };
        var variables = VisibleVariables(execution);
        var input = MapVariables(call.InMappings, variables, call.Id);
        var child = await Context.CreateInstanceAsync(called, Instance.BusinessKey, Instance.Id, execution.Id, cancellationToken);
        execution.CalledInstanceId = child.Instance.Id;
        await child.StartAsync(null, input, cancellationToken);
    }

    /// <summary>A called instance has ended: copy its output back and leave the call activity.</summary>
    public async Task ResumeAfterCallAsync(string executionId, Guid childId, IReadOnlyDictionary<string, JsonNode?> childVariables, CancellationToken cancellationToken)
    {
        var execution = Instance.FindExecution(executionId);
        if (execution is null || execution.CalledInstanceId != childId)
        {
            return; // the call activity was interrupted meanwhile
        }

        var call = (CallActivity)Definition.GetNode(execution.ElementId);
        SetVariables(execution, MapVariables(call.OutMappings, childVariables, call.Id));
        CompleteActivity(execution);
        await RunAsync(cancellationToken);
    }

    private Dictionary<string, JsonNode?> MapVariables(IReadOnlyList<VariableMapping> mappings, IReadOnlyDictionary<string, JsonNode?> source, string elementId)
    {
        var result = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var mapping in mappings)
        {
            if (mapping.All)
            {
                foreach (var (name, value) in source)
                {
                    result[name] = value?.DeepClone();
                }
            }
            else if (mapping.SourceExpression is not null)
            {
                result[mapping.Target!] = Evaluate(elementId, mapping.SourceExpression, source);
            }
            else
            {
                result[mapping.Target!] = source.TryGetValue(mapping.Source!, out var value) ? value?.DeepClone() : null;
            }
        }

        return result;
    }

    private JsonNode? Evaluate(string elementId, string text, IReadOnlyDictionary<string, JsonNode?> variables)
    {
        try
        {
            return Context.Services.Expressions.Evaluate(text, variables);
        }
        catch (ExpressionException ex)
        {
            throw new EngineException($"'{elementId}': {ex.Message}", ex) { ElementId = elementId };
        }
    }
}
