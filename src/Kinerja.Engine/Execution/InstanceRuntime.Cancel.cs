using Kinerja.Engine.History;
using Kinerja.Engine.Storage;

namespace Kinerja.Engine.Execution;

internal sealed partial class InstanceRuntime
{
    /// <summary>Cancels the whole instance: every token, task, timer, subscription and called instance.</summary>
    public void Cancel(string reason)
    {
        if (Instance.IsEnded)
        {
            throw new EngineException($"Instance {Instance.Id} has already ended ({Instance.Status}).");
        }

        foreach (var child in ChildrenOf(Instance.Root).ToList())
        {
            CancelExecution(child, reason);
        }

        Instance.Status = InstanceStatus.Cancelled;
        Instance.EndedAt = Now;
        Record(HistoryKind.InstanceCancelled, null, null, System.Text.Json.JsonSerializer.Serialize(new { reason }));
    }

    /// <summary>Removes an execution and everything under it, ending what it waited for.</summary>
    private void CancelExecution(ExecutionState execution, string reason)
    {
        foreach (var child in ChildrenOf(execution).ToList())
        {
            CancelExecution(child, reason);
        }

        RemoveSubscriptionsOf(execution);
        foreach (var task in Instance.Tasks.Where(t => t.ExecutionId == execution.Id).ToList())
        {
            EndTask(task, Tasks.HumanTaskStatus.Cancelled, reason);
        }

        if (execution.CalledInstanceId is { } childId)
        {
            Context.Defer(async () =>
            {
                var child = await Context.GetRuntimeAsync(childId, CancellationToken.None);
                if (!child.Instance.IsEnded)
                {
                    child.Cancel($"the calling activity was {reason}");
                }
            });
        }

        if (execution.Phase == ExecutionPhase.Waiting)
        {
            Record(HistoryKind.ElementCancelled, execution.ElementId, null, System.Text.Json.JsonSerializer.Serialize(new { reason }));
        }

        Instance.Executions.Remove(execution);
    }

    /// <summary>Drops the timers and message subscriptions held by one execution.</summary>
    private void RemoveSubscriptionsOf(ExecutionState execution)
    {
        foreach (var timer in Instance.Timers.Where(t => t.ExecutionId == execution.Id && t.TaskId is null).ToList())
        {
            Instance.Timers.Remove(timer);
            Context.Emit(OutboxMessage.CancelTimer(timer.Id));
        }

        Instance.MessageSubscriptions.RemoveAll(s => s.ExecutionId == execution.Id);
    }
}
