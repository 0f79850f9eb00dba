using Kinerja.Engine.Calendar;

namespace Kinerja.Engine.Bpmn;

/// <summary>Where an element stands in its source file.</summary>
public readonly record struct SourceLocation(int Line, int Column);

/// <summary>A container of flow nodes: a process or an embedded sub-process.</summary>
public interface IFlowScope
{
    string Id { get; }
    IReadOnlyList<FlowNode> Nodes { get; }
    IReadOnlyList<SequenceFlow> Flows { get; }
}

/// <summary>Any node a token can stand on.</summary>
public abstract class FlowNode
{
    public required string Id { get; init; }
    public string? Name { get; init; }
    public string? Documentation { get; init; }
    public SourceLocation Location { get; init; }
    public IFlowScope Scope { get; internal set; } = null!;
    public List<SequenceFlow> Incoming { get; } = [];
    public List<SequenceFlow> Outgoing { get; } = [];

    /// <summary>The name, or the id where the element has no name.</summary>
    public string DisplayName => string.IsNullOrWhiteSpace(Name) ? Id : Name;

    public override string ToString() => $"{GetType().Name} '{Id}'";
}

public sealed class SequenceFlow
{
    public required string Id { get; init; }
    public string? Name { get; init; }
    public required string SourceId { get; init; }
    public required string TargetId { get; init; }
    public string? Condition { get; init; }
    public SourceLocation Location { get; init; }
    public FlowNode Source { get; internal set; } = null!;
    public FlowNode Target { get; internal set; } = null!;
}

/// <summary>An activity: something that takes time and may carry boundary events and multi-instance.</summary>
public abstract class Activity : FlowNode
{
    public MultiInstance? MultiInstance { get; init; }
    public List<BoundaryEvent> BoundaryEvents { get; } = [];
    public string? DefaultFlowId { get; init; }

    /// <summary>The step's time standard (Waktu in the SOP), e.g. PT5M or P5D.</summary>
    public TimeStandard? TimeStandard { get; init; }
    public IReadOnlyList<InputParameter> InputParameters { get; init; } = [];
}

/// <summary>A duration and how to count it, with the calendar to count it in.</summary>
public sealed record TimeStandard(IsoDuration Duration, TimeBasis Basis, string? CalendarName);

public sealed record InputParameter(string Name, string Value);

public sealed record MultiInstance(
    bool IsSequential,
    string? Collection,
    string? ElementVariable,
    string? LoopCardinality,
    string? CompletionCondition);

public sealed class UserTask : Activity
{
    public string? Assignee { get; init; }
    public IReadOnlyList<string> CandidateGroups { get; init; } = [];
    public IReadOnlyList<string> CandidateUsers { get; init; } = [];
    public string? DueDate { get; init; }
    public string? FollowUpDate { get; init; }
    public IReadOnlyList<FormField> Form { get; init; } = [];
    public ReminderPolicy? ReminderPolicy { get; init; }
    public IReadOnlyList<DocumentRef> RequiredInputs { get; init; } = [];
    public IReadOnlyList<DocumentRef> OutputDocuments { get; init; } = [];
}

/// <summary>Kelengkapan (required input) or Output of a step.</summary>
public sealed record DocumentRef(string Name, string? Description);

/// <summary>A user task's own reminder and escalation policy; null members take the host's defaults.</summary>
public sealed record ReminderPolicy(
    int? ReminderAtPercent,
    bool? DueNotice,
    bool? Escalate,
    string? EscalateTo,
    IsoDuration? EscalationRepeat);

/// <summary>A service or send task: runs the handler registered under <see cref="Topic"/>.</summary>
public sealed class ServiceTask : Activity
{
    public required string Topic { get; init; }
    public bool IsSendTask { get; init; }
}

public sealed class ReceiveTask : Activity
{
    public required string MessageName { get; init; }
    public string? CorrelationKey { get; init; }
}

public sealed class SubProcess : Activity, IFlowScope
{
    public List<FlowNode> NodeList { get; } = [];
    public List<SequenceFlow> FlowList { get; } = [];
    public IReadOnlyList<FlowNode> Nodes => NodeList;
    public IReadOnlyList<SequenceFlow> Flows => FlowList;
}

public sealed class CallActivity : Activity
{
    public required string CalledElement { get; init; }
    public IReadOnlyList<VariableMapping> InMappings { get; init; } = [];
    public IReadOnlyList<VariableMapping> OutMappings { get; init; } = [];
}

/// <summary><c>camunda:in</c>/<c>camunda:out</c>: all variables, or one source (name or expression) to one target.</summary>
public sealed record VariableMapping(bool All, string? Source, string? SourceExpression, string? Target);

public enum EventTrigger
{
    None,
    Timer,
    Message,
}

public enum TimerKind
{
    Date,
    Duration,
    Cycle,
}

/// <summary>A timer event definition: its text (ISO 8601 or an expression) and how to count it.</summary>
public sealed record TimerDefinition(TimerKind Kind, string Text, TimeBasis Basis, string? CalendarName);

public abstract class EventNode : FlowNode
{
    public EventTrigger Trigger { get; init; }
    public TimerDefinition? Timer { get; init; }
    public string? MessageName { get; init; }
    public string? CorrelationKey { get; init; }
}

public sealed class StartEvent : EventNode;

public sealed class EndEvent : EventNode
{
    public bool Terminate { get; init; }
}

public sealed class IntermediateCatchEvent : EventNode;

public sealed class BoundaryEvent : EventNode
{
    public required string AttachedToId { get; init; }
    public bool CancelActivity { get; init; } = true;
    public Activity AttachedTo { get; internal set; } = null!;
}

public enum GatewayKind
{
    Exclusive,
    Parallel,
    Inclusive,
}

public sealed class Gateway : FlowNode
{
    public GatewayKind Kind { get; init; }
    public string? DefaultFlowId { get; init; }
}

public sealed record Lane(string Id, string? Name, IReadOnlyList<string> CandidateGroups, IReadOnlyList<string> FlowNodeIds);

/// <summary>The SOP sheet's header, carried on the process.</summary>
public sealed record SopHeader(
    string? Number,
    string? Title,
    string? Unit,
    string? CreatedOn,
    string? RevisedOn,
    string? EffectiveOn,
    string? ApprovedBy,
    IReadOnlyList<string> LegalBasis,
    IReadOnlyList<string> RelatedSops,
    IReadOnlyList<string> Qualifications,
    IReadOnlyList<string> Equipment,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<string> Records);

/// <summary>An executable process, parsed and validated; immutable once built.</summary>
public sealed class ProcessDefinition : IFlowScope
{
    private readonly Dictionary<string, FlowNode> _allNodes = new(StringComparer.Ordinal);

    public required string Id { get; init; }
    public string? Name { get; init; }
    public SourceLocation Location { get; init; }
    public SopHeader? Header { get; init; }
    public IReadOnlyList<Lane> Lanes { get; init; } = [];
    public List<FlowNode> NodeList { get; } = [];
    public List<SequenceFlow> FlowList { get; } = [];
    public IReadOnlyList<FlowNode> Nodes => NodeList;
    public IReadOnlyList<SequenceFlow> Flows => FlowList;

    /// <summary>Every node of the process, sub-processes included, by id.</summary>
    public IReadOnlyDictionary<string, FlowNode> AllNodes => _allNodes;

    public string DisplayName => string.IsNullOrWhiteSpace(Name) ? Id : Name;

    public FlowNode GetNode(string id) =>
        _allNodes.TryGetValue(id, out var node)
            ? node
            : throw new KeyNotFoundException($"Process '{Id}' has no element '{id}'.");

    internal void Index(FlowNode node) => _allNodes[node.Id] = node;
}
