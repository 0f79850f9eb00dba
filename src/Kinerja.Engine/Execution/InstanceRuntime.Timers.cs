using Kinerja.Engine.Bpmn;
using Kinerja.Engine.Expressions;
using Kinerja.Engine.History;
using Kinerja.Engine.Notifications;
using Kinerja.Engine.Storage;
using Kinerja.Engine.Timers;

namespace Kinerja.Engine.Execution;

internal sealed partial class InstanceRuntime
{
    private void ScheduleEventTimer(ExecutionState execution, EventNode node, TimerPurpose purpose)
    {
        var definition = node.Timer!;
        var text = ExpressionText.ContainsExpression(definition.Text)
            ? EvaluateText(node.Id, definition.Text, VisibleVariables(execution)) ?? string.Empty
            : definition.Text;
        var due = TimerInstants.First(definition, text, node.Id, Now, Context.Calendar(definition.CalendarName));
        if (due is null)
        {
            return;
        }

        var timer = new TimerSubscription
        {
            Id = RandomIds.NewId(),
            Purpose = purpose,
            ElementId = node.Id,
            ExecutionId = execution.Id,
            DueAt = due.Value,
            Cycle = definition.Kind == TimerKind.Cycle ? text : null,
        };
        Instance.Timers.Add(timer);
        Context.Emit(OutboxMessage.ScheduleTimer(new ScheduledTimer(timer.Id, purpose, due.Value, Instance.Id, null, node.Id, 0)));
    }

    /// <summary>
    /// Runs a timer of this instance. A timer that is gone (its task done, its activity left) or an
    /// occurrence already run does nothing: returns false.
    /// </summary>
    public async Task<bool> FireTimerAsync(ScheduledTimer scheduled, CancellationToken cancellationToken)
    {
        var timer = Instance.Timers.Find(t => t.Id == scheduled.TimerId);
        if (timer is null || timer.FiredCount != scheduled.FiredCount || Instance.IsEnded)
        {
            return false;
        }

        var lateness = Now > timer.DueAt ? Now - timer.DueAt : TimeSpan.Zero;
        if (timer.TaskId is not null)
        {
            FireTaskTimer(timer, lateness);
            return true;
        }

        var execution = RequireExecution(timer.ExecutionId!);
        var node = (EventNode)Definition.GetNode(timer.ElementId);
        Record(HistoryKind.TimerFired, node.Id, null, null, lateness);
        var next = timer.Cycle is null
            ? null
            : TimerInstants.Next(node.Timer!, timer.Cycle, node.Id, timer.FiredCount + 1, timer.DueAt, Now, Context.Calendar(node.Timer!.CalendarName));
        if (node is BoundaryEvent { CancelActivity: false } && next is { } nextDue)
        {
            Reschedule(timer, nextDue);
        }
        else
        {
            Instance.Timers.Remove(timer);
        }

        if (node is BoundaryEvent boundary)
        {
            TriggerBoundary(execution, boundary);
        }
        else
        {
            Schedule(Step.Leave, execution);
        }

        await RunAsync(cancellationToken);
        return true;
    }

    private void FireTaskTimer(TimerSubscription timer, TimeSpan lateness)
    {
        var task = Instance.Tasks.Find(t => t.Id == timer.TaskId);
        if (task is null)
        {
            Instance.Timers.Remove(timer);
            return;
        }

        switch (timer.Purpose)
        {
            case TimerPurpose.TaskReminder:
                Instance.Timers.Remove(timer);
                Notify(task, NotificationKind.TaskReminder, 1, null);
                Record(HistoryKind.TaskReminderSent, task.ElementId, task.Id, null, lateness);
                break;
            case TimerPurpose.TaskDue:
                Instance.Timers.Remove(timer);
                Notify(task, NotificationKind.TaskDue, 1, null);
                Record(HistoryKind.TaskDueNoticeSent, task.ElementId, task.Id, null, lateness);
                break;
            case TimerPurpose.TaskEscalation:
                var policy = EffectivePolicy((UserTask)Definition.GetNode(task.ElementId));
                Notify(task, NotificationKind.TaskEscalated, timer.FiredCount + 1, policy.EscalateTo);
                Record(HistoryKind.TaskEscalated, task.ElementId, task.Id, System.Text.Json.JsonSerializer.Serialize(new { to = policy.EscalateTo, count = timer.FiredCount + 1 }), lateness);
                var repeat = Calendar.IsoDuration.Parse(timer.Cycle ?? policy.EscalationRepeat.ToString());
                Reschedule(timer, CalendarOf(task).Add(timer.DueAt, repeat));
                break;
        }
    }

    private void Reschedule(TimerSubscription timer, DateTimeOffset nextDue)
    {
        timer.FiredCount++;
        timer.DueAt = nextDue;
        Context.Emit(OutboxMessage.ScheduleTimer(new ScheduledTimer(timer.Id, timer.Purpose, nextDue, Instance.Id, null, timer.ElementId, timer.FiredCount)));
    }
}
