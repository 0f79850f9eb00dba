using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Kinerja.Engine.Messages;
using Kinerja.Engine.Tasks;
using Kinerja.Engine.Timers;

namespace Kinerja.Engine.Execution;

public enum InstanceStatus
{
    Running,
    Completed,
    Terminated,
    Cancelled,
}

/// <summary>
/// The whole state of one running SOP: a serializable snapshot that a store saves and loads as a unit.
/// <see cref="Revision"/> guards it against concurrent writers.
/// </summary>
public sealed class ProcessInstance
{
    public Guid Id { get; set; }
    public string ProcessKey { get; set; } = "";
    public string DefinitionId { get; set; } = "";
    public int DefinitionVersion { get; set; }
    public string? BusinessKey { get; set; }
    public InstanceStatus Status { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public string? StartedBy { get; set; }
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>Incremented by every committed change; a store refuses a write made from an older revision.</summary>
    public long Revision { get; set; }

    public Guid? ParentInstanceId { get; set; }
    public string? ParentExecutionId { get; set; }
    public List<ExecutionState> Executions { get; set; } = [];
    public List<HumanTask> Tasks { get; set; } = [];
    public List<TimerSubscription> Timers { get; set; } = [];
    public List<MessageSubscription> MessageSubscriptions { get; set; } = [];
    public int NextExecutionNumber { get; set; } = 1;
    public int NextTaskNumber { get; set; } = 1;

    // The three below are views of the state above: not stored (the root's variables would be written three times).
    [JsonIgnore]
    public ExecutionState Root => Executions[0];

    [JsonIgnore]
    public Dictionary<string, JsonNode?> Variables => Root.Variables ??= [];

    [JsonIgnore]
    public bool IsEnded => Status != InstanceStatus.Running;

    public ExecutionState? FindExecution(string id) => Executions.Find(e => e.Id == id);

    /// <summary>
    /// A copy that shares nothing mutable with this instance: its lists, dictionaries and JSON values are copied, strings
    /// and values are shared. What a store hands out this way may be changed without touching the original.
    /// </summary>
    public ProcessInstance DeepCopy()
    {
        var copy = (ProcessInstance)MemberwiseClone();
        copy.Executions = Executions.ConvertAll(e => e.DeepCopy());
        copy.Tasks = Tasks.ConvertAll(t => t.DeepCopy());
        copy.Timers = Timers.ConvertAll(t => t.DeepCopy());
        copy.MessageSubscriptions = MessageSubscriptions.ConvertAll(s => s.DeepCopy());
        return copy;
    }
}

public enum ExecutionKind
{
    /// <summary>The process instance itself: holds the process variables.</summary>
    Root,

    /// <summary>A token standing on a flow node.</summary>
    Token,

    /// <summary>An embedded sub-process (or a called process's waiting call activity) holding child tokens.</summary>
    Scope,

    /// <summary>The body of a multi-instance activity, holding one child per item.</summary>
    MultiInstanceBody,
}

public enum ExecutionPhase
{
    Active,
    Waiting,
    Joining,
}

/// <summary>One node of the execution tree: a token, a scope, or a multi-instance body.</summary>
public sealed class ExecutionState
{
    public string Id { get; set; } = "";
    public string? ParentId { get; set; }
    public string ElementId { get; set; } = "";
    public ExecutionKind Kind { get; set; }
    public ExecutionPhase Phase { get; set; }
    public string? ArrivedVia { get; set; }

    /// <summary>True for one item of a multi-instance body.</summary>
    public bool IsMultiInstanceItem { get; set; }

    public Dictionary<string, JsonNode?>? Variables { get; set; }

    /// <summary>For a multi-instance body: the items still to start (sequential) or all items.</summary>
    public List<JsonNode?>? LoopItems { get; set; }

    public Guid? CalledInstanceId { get; set; }

    public ExecutionState DeepCopy()
    {
        var copy = (ExecutionState)MemberwiseClone();
        copy.Variables = JsonValues.DeepCopy(Variables);
        copy.LoopItems = LoopItems?.ConvertAll(item => item?.DeepClone());
        return copy;
    }
}
