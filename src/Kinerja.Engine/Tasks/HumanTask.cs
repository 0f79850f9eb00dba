using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Kinerja.Engine.Execution;

namespace Kinerja.Engine.Tasks;

public enum HumanTaskStatus
{
    Open,
    Completed,
    Cancelled,
}

/// <summary>A step waiting for a person: who may do it, by when, and what happened to it.</summary>
public sealed class HumanTask
{
    public string Id { get; set; } = "";
    public Guid InstanceId { get; set; }
    public string ExecutionId { get; set; } = "";
    public string ProcessKey { get; set; } = "";
    public string DefinitionId { get; set; } = "";
    public string ElementId { get; set; } = "";
    public string Name { get; set; } = "";
    public string? BusinessKey { get; set; }
    public string? Assignee { get; set; }
    public List<string> CandidateGroups { get; set; } = [];
    public List<string> CandidateUsers { get; set; } = [];

    /// <summary>Who delegated the task, while it is delegated.</summary>
    public string? Owner { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DueAt { get; set; }
    public DateTimeOffset? FollowUpAt { get; set; }

    /// <summary>The step's time standard as written (PT60M, P5D), if any.</summary>
    public string? TimeStandard { get; set; }

    public string? CalendarName { get; set; }
    public HumanTaskStatus Status { get; set; }
    public string? CompletedBy { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public string? EndReason { get; set; }

    /// <summary>Variables that tell this task from its siblings (the multi-instance item, e.g. kodeSkpd).</summary>
    public Dictionary<string, JsonNode?> Context { get; set; } = [];

    public int? LoopCounter { get; set; }

    /// <summary>Counts claims, reassignments and delegations, so each one's notification has its own id.</summary>
    public int AssignmentCount { get; set; }

    /// <summary>The form data it was completed with.</summary>
    public Dictionary<string, JsonNode?>? Result { get; set; }

    [JsonIgnore]
    public bool IsOpen => Status == HumanTaskStatus.Open;

    /// <summary>A copy that shares nothing mutable with this task (see <see cref="ProcessInstance.DeepCopy"/>).</summary>
    public HumanTask DeepCopy()
    {
        var copy = (HumanTask)MemberwiseClone();
        copy.CandidateGroups = [.. CandidateGroups];
        copy.CandidateUsers = [.. CandidateUsers];
        copy.Context = JsonValues.DeepCopy(Context);
        copy.Result = JsonValues.DeepCopy(Result);
        return copy;
    }
}
