using System.Text.Json;
using System.Text.Json.Nodes;
using Kinerja.Engine.Bpmn;
using Kinerja.Engine.History;
using Kinerja.Engine.Notifications;
using Kinerja.Engine.Storage;
using Kinerja.Engine.Tasks;

namespace Kinerja.Engine.Execution;

internal sealed partial class InstanceRuntime
{
    public async Task CompleteTaskAsync(
        string taskId, string actor, IReadOnlyDictionary<string, JsonNode?>? formData, IReadOnlyList<TaskDocument>? documents, CancellationToken cancellationToken)
    {
        var task = RequireOpenTask(taskId);
        if (task.Assignee is not null && task.Assignee != actor && task.Owner != actor)
        {
            throw new TaskStateException($"Task '{task.Name}' is assigned to {task.Assignee}; {actor} cannot complete it.");
        }

        var userTask = (UserTask)Definition.GetNode(task.ElementId);
        var values = FormValidator.Validate(userTask.Form, formData ?? new Dictionary<string, JsonNode?>());
        if (documents is { Count: > 0 })
        {
            values[TaskDocument.VariableName(task.ElementId)] = JsonSerializer.SerializeToNode(documents, EngineJson.Options);
        }

        var execution = RequireExecution(task.ExecutionId);
        SetVariables(execution, values);

        task.CompletedBy = actor;
        task.Result = values.ToDictionary(v => v.Key, v => v.Value?.DeepClone());
        var late = task.DueAt is { } due && Now > due ? Now - due : (TimeSpan?)null;
        EndTask(task, HumanTaskStatus.Completed, null);
        Record(HistoryKind.TaskCompleted, task.ElementId, task.Id, Json(values), late);
        CompleteActivity(execution);
        await RunAsync(cancellationToken);
    }

    public void ClaimTask(string taskId, string actor)
    {
        var task = RequireOpenTask(taskId);
        if (task.Assignee == actor)
        {
            return;
        }

        if (task.Assignee is not null)
        {
            throw new TaskStateException($"Task '{task.Name}' is already claimed by {task.Assignee}.");
        }

        task.Assignee = actor;
        task.AssignmentCount++;
        Context.TaskChanged(task);
        Record(HistoryKind.TaskClaimed, task.ElementId, task.Id, null);
    }

    public void UnclaimTask(string taskId)
    {
        var task = RequireOpenTask(taskId);
        if (task.Assignee is null)
        {
            return;
        }

        task.Assignee = null;
        task.Owner = null;
        task.AssignmentCount++;
        Context.TaskChanged(task);
        Record(HistoryKind.TaskUnclaimed, task.ElementId, task.Id, null);
    }

    /// <summary>Gives the task to another person (a new officer, a substitute while someone is away).</summary>
    public void ReassignTask(string taskId, string newAssignee, string? reason)
    {
        var task = RequireOpenTask(taskId);
        var previous = task.Assignee;
        task.Assignee = newAssignee;
        task.Owner = null;
        task.AssignmentCount++;
        Context.TaskChanged(task);
        Record(HistoryKind.TaskReassigned, task.ElementId, task.Id, JsonSerializer.Serialize(new { from = previous, to = newAssignee, reason }));
        Notify(task, NotificationKind.TaskAssigned, task.AssignmentCount, null);
    }

    /// <summary>Hands the work to someone else while the delegating person stays its owner.</summary>
    public void DelegateTask(string taskId, string delegateTo, string actor)
    {
        var task = RequireOpenTask(taskId);
        task.Owner = task.Assignee ?? actor;
        task.Assignee = delegateTo;
        task.AssignmentCount++;
        Context.TaskChanged(task);
        Record(HistoryKind.TaskDelegated, task.ElementId, task.Id, JsonSerializer.Serialize(new { owner = task.Owner, to = delegateTo }));
        Notify(task, NotificationKind.TaskAssigned, task.AssignmentCount, null);
    }
}
