using System.Globalization;
using Kinerja.Engine.Expressions;

namespace Kinerja.Engine.Bpmn;

/// <summary>Checks a parsed process's graph, expressions and timers; adds every problem it finds.</summary>
internal static partial class BpmnValidator
{
    public static void Validate(ProcessDefinition process, List<BpmnProblem> problems)
    {
        var validator = new Checks(problems);
        validator.Scope(process, isProcess: true);
    }

    private sealed partial class Checks(List<BpmnProblem> problems)
    {
        public void Scope(IFlowScope scope, bool isProcess)
        {
            var starts = scope.Nodes.OfType<StartEvent>().ToList();
            if (starts.Count == 0)
            {
                Add(scope, isProcess ? "The process has no start event." : "The sub-process has no start event.");
            }

            foreach (var extra in starts.Where(s => s.Trigger == EventTrigger.None).Skip(1))
            {
                Add(extra, "There is more than one none start event in this scope; an instance would not know where to begin.");
            }

            foreach (var start in starts.Where(s => !isProcess && s.Trigger != EventTrigger.None))
            {
                Add(start, "A sub-process starts with a none start event; timer and message start events belong to the process.");
            }

            foreach (var node in scope.Nodes)
            {
                Node(node);
            }

            foreach (var flow in scope.Flows.Where(f => f.Condition is not null))
            {
                Condition(flow.Id, flow.Location, flow.Condition!, "condition");
                if (flow.Source is Activity or EventNode)
                {
                    Add(flow, $"Conditions on flows leaving '{flow.SourceId}' are not supported; put an exclusive gateway after it.");
                }
            }
        }

        private void Node(FlowNode node)
        {
            switch (node)
            {
                case StartEvent start:
                    NoIncoming(start, "A start event has no incoming flows.");
                    NeedsOutgoing(start);
                    Timer(start, start.Timer);
                    if (start.Trigger == EventTrigger.Timer && start.Timer?.Kind == TimerKind.Duration)
                    {
                        Add(start, "A timer start event needs a timeDate or timeCycle; a duration has nothing to count from.");
                    }

                    break;
                case EndEvent end:
                    if (end.Outgoing.Count > 0)
                    {
                        Add(end, "An end event has no outgoing flows.");
                    }

                    NeedsIncoming(end);
                    break;
                case BoundaryEvent boundary:
                    NoIncoming(boundary, "A boundary event has no incoming flows.");
                    NeedsOutgoing(boundary);
                    NeedsTrigger(boundary);
                    Timer(boundary, boundary.Timer);
                    Expression(boundary, boundary.CorrelationKey, "kinerja:correlationKey");
                    break;
                case IntermediateCatchEvent catchEvent:
                    NeedsIncoming(catchEvent);
                    NeedsOutgoing(catchEvent);
                    NeedsTrigger(catchEvent);
                    Timer(catchEvent, catchEvent.Timer);
                    Expression(catchEvent, catchEvent.CorrelationKey, "kinerja:correlationKey");
                    break;
                case Gateway gateway:
                    NeedsIncoming(gateway);
                    NeedsOutgoing(gateway);
                    GatewayFlows(gateway);
                    break;
                case Activity activity:
                    NeedsIncoming(activity);
                    NeedsOutgoing(activity);
                    CheckActivity(activity);
                    break;
            }
        }

        private void CheckActivity(Activity activity)
        {
            if (activity.DefaultFlowId is not null)
            {
                Add(activity, "Default flows on activities are not supported; put an exclusive gateway after it.");
            }

            if (activity.MultiInstance is { } mi)
            {
                Expression(activity, mi.Collection, "camunda:collection");
                Expression(activity, mi.LoopCardinality, "loopCardinality");
                if (mi.LoopCardinality is { } count && !ExpressionText.ContainsExpression(count)
                    && !int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    Add(activity, $"loopCardinality '{count}' is neither a whole number nor an expression.");
                }

                if (mi.CompletionCondition is not null)
                {
                    Condition(activity.Id, activity.Location, mi.CompletionCondition, "completionCondition");
                }
            }

            foreach (var parameter in activity.InputParameters)
            {
                Expression(activity, parameter.Value, $"input parameter '{parameter.Name}'");
            }

            switch (activity)
            {
                case UserTask task:
                    Expression(task, task.Assignee, "camunda:assignee");
                    foreach (var group in task.CandidateGroups)
                    {
                        Expression(task, group, "camunda:candidateGroups");
                    }

                    foreach (var user in task.CandidateUsers)
                    {
                        Expression(task, user, "camunda:candidateUsers");
                    }

                    DateText(task, task.DueDate, "camunda:dueDate");
                    DateText(task, task.FollowUpDate, "camunda:followUpDate");
                    break;
                case ReceiveTask receive:
                    Expression(receive, receive.CorrelationKey, "kinerja:correlationKey");
                    break;
                case SubProcess subProcess:
                    Scope(subProcess, isProcess: false);
                    break;
                case CallActivity call:
                    foreach (var mapping in call.InMappings.Concat(call.OutMappings))
                    {
                        Expression(call, mapping.SourceExpression, "camunda:in/out sourceExpression");
                    }

                    break;
            }
        }

        private void GatewayFlows(Gateway gateway)
        {
            if (gateway.DefaultFlowId is { } defaultId && gateway.Outgoing.All(f => f.Id != defaultId))
            {
                Add(gateway, $"The default flow '{defaultId}' is not an outgoing flow of this gateway.");
            }

            if (gateway.Kind == GatewayKind.Parallel)
            {
                if (gateway.DefaultFlowId is not null || gateway.Outgoing.Any(f => f.Condition is not null))
                {
                    Add(gateway, "A parallel gateway takes every outgoing flow; it has no conditions and no default flow.");
                }

                return;
            }

            // A gateway that only joins, or passes on along one unconditional flow, has nothing to decide.
            if (gateway.Outgoing.Count <= 1 && gateway.Outgoing.All(f => f.Condition is null))
            {
                return;
            }

            foreach (var flow in gateway.Outgoing.Where(f => f.Condition is null && f.Id != gateway.DefaultFlowId))
            {
                Add(flow, $"The flow leaves {Describe(gateway)} '{gateway.Id}' without a condition and is not its default flow.");
            }

            if (gateway.DefaultFlowId is null)
            {
                Add(gateway, $"The {Describe(gateway)} has no default flow, so when every condition is false the instance would stop here; mark one outgoing flow as the default.");
            }
        }

        private static string Describe(Gateway gateway) =>
            gateway.Kind == GatewayKind.Exclusive ? "exclusive gateway" : "inclusive gateway";

        private void NeedsTrigger(EventNode node)
        {
            if (node.Trigger == EventTrigger.None)
            {
                Add(node, "This event waits for nothing: give it a timer or a message definition.");
            }
        }

        private void NoIncoming(FlowNode node, string message)
        {
            if (node.Incoming.Count > 0)
            {
                Add(node, message);
            }
        }

        private void NeedsIncoming(FlowNode node)
        {
            if (node.Incoming.Count == 0)
            {
                Add(node, "Nothing leads here: the element has no incoming sequence flow.");
            }
        }

        private void NeedsOutgoing(FlowNode node)
        {
            if (node.Outgoing.Count == 0)
            {
                Add(node, "The element has no outgoing sequence flow; connect it onward or to an end event.");
            }
        }

        private void Add(FlowNode node, string message) => Add(node.Id, node.Location, message);

        private void Add(SequenceFlow flow, string message) => Add(flow.Id, flow.Location, message);

        private void Add(string id, SourceLocation location, string message) =>
            problems.Add(new BpmnProblem(id, location.Line, location.Column, message));

        private void Add(IFlowScope scope, string message)
        {
            var location = scope switch
            {
                ProcessDefinition p => p.Location,
                SubProcess s => s.Location,
                _ => default,
            };
            problems.Add(new BpmnProblem(scope.Id, location.Line, location.Column, message));
        }
    }
}
