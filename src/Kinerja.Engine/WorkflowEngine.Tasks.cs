using System.Text.Json.Nodes;
using Kinerja.Engine.Execution;
using Kinerja.Engine.Storage;
using Kinerja.Engine.Tasks;

namespace Kinerja.Engine;

public sealed partial class WorkflowEngine
{
    /// <summary>
    /// Completes a task with form data (validated against the task's form). With an idempotency key, a
    /// client's retry of a completion that went through returns quietly instead of failing.
    /// </summary>
    /// <param name="documents">Documents attached on completion (kept by the host; referenced here).</param>
    public Task CompleteTaskAsync(
        string taskId,
        string actor,
        IReadOnlyDictionary<string, JsonNode?>? formData = null,
        string? idempotencyKey = null,
        IReadOnlyList<TaskDocument>? documents = null,
        CancellationToken cancellationToken = default) =>
        CompleteTaskAsync(taskId, actor, formData, idempotencyKey, documents, current: null, cancellationToken);

    /// <inheritdoc cref="CompleteTaskAsync(string, string, IReadOnlyDictionary{string, JsonNode?}?, string?, IReadOnlyList{TaskDocument}?, CancellationToken)"/>
    /// <param name="current">
    /// The task's instance as the caller has just read it from <see cref="Store"/> (the task page reads it to show the
    /// task), so the completion starts from it instead of reading it again. The engine takes the object over: the caller
    /// must not use it afterwards. Were it stale, the commit loses its race and the completion runs again from the store.
    /// </param>
    public Task CompleteTaskAsync(
        string taskId,
        string actor,
        IReadOnlyDictionary<string, JsonNode?>? formData,
        string? idempotencyKey,
        IReadOnlyList<TaskDocument>? documents,
        ProcessInstance? current,
        CancellationToken cancellationToken = default)
    {
        if (current is not null && (!TaskIds.TryGetInstanceId(taskId, out var instanceId) || instanceId != current.Id))
        {
            throw new ArgumentException($"Instance {current.Id} is not the instance of task {taskId}.", nameof(current));
        }

        return TaskCommandAsync(
            taskId, actor, idempotencyKey, (runtime, _) => runtime.CompleteTaskAsync(taskId, actor, formData, documents, cancellationToken), cancellationToken, current);
    }

    public Task ClaimTaskAsync(string taskId, string actor, CancellationToken cancellationToken = default) =>
        TaskCommandAsync(taskId, actor, null, (runtime, _) =>
        {
            runtime.ClaimTask(taskId, actor);
            return Task.CompletedTask;
        }, cancellationToken);

    public Task UnclaimTaskAsync(string taskId, string actor, CancellationToken cancellationToken = default) =>
        TaskCommandAsync(taskId, actor, null, (runtime, _) =>
        {
            runtime.UnclaimTask(taskId);
            return Task.CompletedTask;
        }, cancellationToken);

    /// <summary>Gives the task to <paramref name="newAssignee"/> (another officer, or a Plh while the assignee is away).</summary>
    public Task ReassignTaskAsync(string taskId, string newAssignee, string actor, string? reason = null, CancellationToken cancellationToken = default) =>
        TaskCommandAsync(taskId, actor, null, (runtime, _) =>
        {
            runtime.ReassignTask(taskId, newAssignee, reason);
            return Task.CompletedTask;
        }, cancellationToken);

    public Task DelegateTaskAsync(string taskId, string delegateTo, string actor, CancellationToken cancellationToken = default) =>
        TaskCommandAsync(taskId, actor, null, (runtime, _) =>
        {
            runtime.DelegateTask(taskId, delegateTo, actor);
            return Task.CompletedTask;
        }, cancellationToken);

    public async Task<HumanTask> GetTaskAsync(string taskId, CancellationToken cancellationToken = default) =>
        await _services.Store.FindTaskAsync(taskId, cancellationToken)
        ?? throw new NotFoundException($"There is no task {taskId}.");

    public Task<TaskPage> QueryTasksAsync(TaskQuery query, CancellationToken cancellationToken = default) =>
        _services.Store.QueryTasksAsync(query, cancellationToken);

    private async Task<InstanceRuntime> FindRuntimeOfOpenTaskAsync(CommandContext context, string taskId, CancellationToken cancellationToken)
    {
        if (TaskIds.TryGetInstanceId(taskId, out var instanceId))
        {
            try
            {
                var runtime = await context.GetRuntimeAsync(instanceId, cancellationToken);
                if (runtime.Instance.Tasks.Exists(t => t.Id == taskId))
                {
                    return runtime;
                }
            }
            catch (NotFoundException)
            {
                // No such instance: the task lookup below says so.
            }
        }

        // Not open (or not a task id at all): say what became of it.
        var task = await GetTaskAsync(taskId, cancellationToken);
        throw new TaskStateException(task.Status == HumanTaskStatus.Completed
            ? $"Task '{task.Name}' was already completed by {task.CompletedBy} at {task.EndedAt:yyyy-MM-dd HH:mm zzz}."
            : task.Status == HumanTaskStatus.Cancelled
                ? $"Task '{task.Name}' was cancelled ({task.EndReason})."
                : $"Task '{task.Name}' is not open.");
    }

    private async Task TaskCommandAsync(
        string taskId,
        string actor,
        string? idempotencyKey,
        Func<InstanceRuntime, HumanTask, Task> action,
        CancellationToken cancellationToken,
        ProcessInstance? current = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(taskId);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        await ExecuteAsync(actor, idempotencyKey, async context =>
        {
            // Only the first attempt starts from the caller's instance; one after a lost race reads it afresh.
            if (current is { } given)
            {
                current = null;
                await context.AdoptAsync(given, cancellationToken);
            }

            var runtime = await FindRuntimeOfOpenTaskAsync(context, taskId, cancellationToken);
            await action(runtime, runtime.Instance.Tasks.Find(t => t.Id == taskId)!);
            return true;
        }, cancellationToken);
    }
}
