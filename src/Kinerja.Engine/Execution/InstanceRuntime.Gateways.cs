using Kinerja.Engine.Bpmn;
using Kinerja.Engine.Expressions;

namespace Kinerja.Engine.Execution;

internal sealed partial class InstanceRuntime
{
    private void ArriveAtGateway(ExecutionState execution, Gateway gateway)
    {
        switch (gateway.Kind)
        {
            case GatewayKind.Exclusive:
                TakeFlows(execution, gateway, [ChooseExclusiveFlow(execution, gateway)]);
                break;
            case GatewayKind.Parallel:
                JoinParallel(execution, gateway);
                break;
            case GatewayKind.Inclusive:
                execution.Phase = ExecutionPhase.Joining;
                TryFireInclusive(gateway, execution.ParentId!);
                break;
        }
    }

    private SequenceFlow ChooseExclusiveFlow(ExecutionState execution, Gateway gateway)
    {
        if (gateway.Outgoing.Count == 1)
        {
            return gateway.Outgoing[0];
        }

        var variables = VisibleVariables(execution);
        foreach (var flow in gateway.Outgoing.Where(f => f.Id != gateway.DefaultFlowId))
        {
            if (IsTrue(flow, variables))
            {
                return flow;
            }
        }

        return gateway.Outgoing.FirstOrDefault(f => f.Id == gateway.DefaultFlowId)
            ?? throw new EngineException($"No condition leaving gateway '{gateway.Id}' is true and it has no default flow.") { ElementId = gateway.Id };
    }

    /// <summary>A parallel join fires once a token has arrived on every incoming flow.</summary>
    private void JoinParallel(ExecutionState execution, Gateway gateway)
    {
        if (gateway.Incoming.Count <= 1)
        {
            TakeFlows(execution, gateway, gateway.Outgoing);
            return;
        }

        execution.Phase = ExecutionPhase.Joining;
        var waiting = Instance.Executions
            .Where(e => e.ParentId == execution.ParentId && e.ElementId == gateway.Id && e.Phase == ExecutionPhase.Joining)
            .ToList();
        var onePerFlow = gateway.Incoming
            .Select(flow => waiting.FirstOrDefault(e => e.ArrivedVia == flow.Id))
            .ToList();
        if (onePerFlow.Any(e => e is null))
        {
            return;
        }

        Merge(onePerFlow!, execution, gateway, gateway.Outgoing);
    }

    /// <summary>
    /// An inclusive join fires when no other token of its scope can still reach it; the split then
    /// takes every flow whose condition holds (the default flow when none does).
    /// </summary>
    private bool TryFireInclusive(Gateway gateway, string scopeId)
    {
        var joined = Instance.Executions
            .Where(e => e.ParentId == scopeId && e.ElementId == gateway.Id && e.Phase == ExecutionPhase.Joining)
            .ToList();
        if (joined.Count == 0)
        {
            return false;
        }

        var othersCanArrive = Instance.Executions
            .Where(e => e.ParentId == scopeId && !joined.Contains(e))
            .Any(e => Reachability.CanReach(Definition, e.ElementId, gateway.Id));
        if (othersCanArrive)
        {
            return false;
        }

        var survivor = joined[0];
        var variables = VisibleVariables(survivor);
        var flows = gateway.Outgoing.Count == 1
            ? gateway.Outgoing.ToList()
            : gateway.Outgoing.Where(f => f.Id != gateway.DefaultFlowId && IsTrue(f, variables)).ToList();
        if (flows.Count == 0)
        {
            var fallback = gateway.Outgoing.FirstOrDefault(f => f.Id == gateway.DefaultFlowId)
                ?? throw new EngineException($"No condition leaving gateway '{gateway.Id}' is true and it has no default flow.") { ElementId = gateway.Id };
            flows.Add(fallback);
        }

        Merge(joined, survivor, gateway, flows);
        return true;
    }

    private bool TryFireWaitingInclusiveJoins()
    {
        var candidates = Instance.Executions
            .Where(e => e.Phase == ExecutionPhase.Joining && Definition.GetNode(e.ElementId) is Gateway { Kind: GatewayKind.Inclusive })
            .Select(e => (Gateway: (Gateway)Definition.GetNode(e.ElementId), ScopeId: e.ParentId!))
            .Distinct()
            .ToList();
        var fired = false;
        foreach (var (gateway, scopeId) in candidates)
        {
            fired |= TryFireInclusive(gateway, scopeId);
        }

        return fired;
    }

    private void Merge(IReadOnlyList<ExecutionState> joined, ExecutionState survivor, Gateway gateway, IReadOnlyList<SequenceFlow> flows)
    {
        foreach (var other in joined.Where(e => e != survivor))
        {
            Instance.Executions.Remove(other);
        }

        TakeFlows(survivor, gateway, flows);
    }

    private bool IsTrue(SequenceFlow flow, IReadOnlyDictionary<string, System.Text.Json.Nodes.JsonNode?> variables)
    {
        try
        {
            return Context.Services.Expressions.EvaluateCondition(flow.Condition!, variables);
        }
        catch (ExpressionException ex)
        {
            throw new EngineException($"The condition of flow '{flow.Id}' failed: {ex.Message}", ex) { ElementId = flow.Id };
        }
    }
}
