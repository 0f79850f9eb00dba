using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kinerja.Engine.Bpmn;
using Kinerja.Engine.Calendar;
using Kinerja.Engine.Expressions;
using Kinerja.Engine.History;
using Kinerja.Engine.Notifications;
using Kinerja.Engine.Storage;
using Kinerja.Engine.Tasks;
using Kinerja.Engine.Timers;

namespace Kinerja.Engine.Execution;

internal sealed partial class InstanceRuntime
{
    private void CreateHumanTask(ExecutionState execution, UserTask userTask)
    {
        var variables = VisibleVariables(execution);
        string? Text(string? expression) => expression is null ? null : EvaluateText(userTask.Id, expression, variables);

        var standard = userTask.TimeStandard;
        var calendar = Context.Calendar(standard?.CalendarName);
        var due = userTask.DueDate is not null
            ? ParseDeadline(userTask.Id, "camunda:dueDate", Text(userTask.DueDate), calendar)
            : standard is not null ? calendar.Add(Now, standard.Duration, standard.Basis) : null;
        var policy = EffectivePolicy(userTask);
        var followUp = userTask.FollowUpDate is not null
            ? ParseDeadline(userTask.Id, "camunda:followUpDate", Text(userTask.FollowUpDate), calendar)
            : policy.ReminderAtPercent <= 0 ? null
            : standard is not null && userTask.DueDate is null ? calendar.AddFraction(Now, standard.Duration, policy.ReminderAtPercent / 100.0, standard.Basis)
            : due is { } d ? calendar.AddWorkingTime(Now, calendar.MeasureWorkingTime(Now, d) * (policy.ReminderAtPercent / 100.0))
            : null;

        var item = ItemExecutionOf(execution);
        var task = new HumanTask
        {
            Id = TaskIds.Create(Instance.Id, Instance.NextTaskNumber++),
            InstanceId = Instance.Id,
            ExecutionId = execution.Id,
            ProcessKey = Instance.ProcessKey,
            DefinitionId = Instance.DefinitionId,
            ElementId = userTask.Id,
            Name = userTask.DisplayName,
            BusinessKey = Instance.BusinessKey,
            Assignee = Text(userTask.Assignee) is { Length: > 0 } assignee ? assignee : null,
            CandidateGroups = userTask.CandidateGroups.Select(Text).OfType<string>().Where(g => g.Length > 0).ToList(),
            CandidateUsers = userTask.CandidateUsers.Select(Text).OfType<string>().Where(u => u.Length > 0).ToList(),
            CreatedAt = Now,
            DueAt = due,
            FollowUpAt = followUp,
            TimeStandard = standard?.Duration.ToString(),
            CalendarName = standard?.CalendarName,
            Context = JsonValues.DeepCopy(item?.Variables) ?? [],
            LoopCounter = item?.Variables?.GetValueOrDefault(LoopCounter) is JsonValue counter && counter.TryGetValue<int>(out var c) ? c : null,
        };
        Instance.Tasks.Add(task);
        Context.TaskCreated(task);
        Record(HistoryKind.TaskCreated, userTask.Id, task.Id, TaskCreatedDetail.Of(task));
        Notify(task, NotificationKind.TaskCreated, 0, null);

        if (followUp is { } reminderAt && (due is null || reminderAt < due))
        {
            ScheduleTaskTimer(task, TimerPurpose.TaskReminder, reminderAt, null);
        }

        if (due is { } dueAt)
        {
            if (policy.DueNotice)
            {
                ScheduleTaskTimer(task, TimerPurpose.TaskDue, dueAt, null);
            }

            if (policy.Escalate)
            {
                ScheduleTaskTimer(task, TimerPurpose.TaskEscalation, dueAt, policy.EscalationRepeat.ToString());
            }
        }
    }

    private ReminderDefaults EffectivePolicy(UserTask task)
    {
        var defaults = Context.Services.Options.Reminders;
        var own = task.ReminderPolicy;
        return own is null
            ? defaults
            : new ReminderDefaults
            {
                ReminderAtPercent = own.ReminderAtPercent ?? defaults.ReminderAtPercent,
                DueNotice = own.DueNotice ?? defaults.DueNotice,
                Escalate = own.Escalate ?? defaults.Escalate,
                EscalateTo = own.EscalateTo ?? defaults.EscalateTo,
                EscalationRepeat = own.EscalationRepeat ?? defaults.EscalationRepeat,
            };
    }

    private ExecutionState? ItemExecutionOf(ExecutionState execution)
    {
        for (var current = execution; current is not null; current = current.ParentId is null ? null : Instance.FindExecution(current.ParentId))
        {
            if (current.IsMultiInstanceItem)
            {
                return current;
            }
        }

        return null;
    }

    private void ScheduleTaskTimer(HumanTask task, TimerPurpose purpose, DateTimeOffset dueAt, string? repeat)
    {
        var timer = new TimerSubscription
        {
            Id = RandomIds.NewId(),
            Purpose = purpose,
            ElementId = task.ElementId,
            ExecutionId = task.ExecutionId,
            TaskId = task.Id,
            DueAt = dueAt,
            Cycle = repeat,
        };
        Instance.Timers.Add(timer);
        Context.Emit(OutboxMessage.ScheduleTimer(new ScheduledTimer(timer.Id, purpose, dueAt, Instance.Id, null, task.ElementId, 0)));
    }

    /// <summary>Ends a task that is no longer wanted, or that was done; its timers go with it.</summary>
    private void EndTask(HumanTask task, HumanTaskStatus status, string? reason)
    {
        task.Status = status;
        task.EndedAt = Now;
        task.EndReason = reason;
        Instance.Tasks.Remove(task);
        Context.TaskChanged(task);
        foreach (var timer in Instance.Timers.Where(t => t.TaskId == task.Id).ToList())
        {
            Instance.Timers.Remove(timer);
            Context.Emit(OutboxMessage.CancelTimer(timer.Id));
        }

        if (status == HumanTaskStatus.Cancelled)
        {
            Record(HistoryKind.TaskCancelled, task.ElementId, task.Id, JsonSerializer.Serialize(new { reason }));
            Notify(task, NotificationKind.TaskCancelled, 0, null);
        }
        else if (status == HumanTaskStatus.Completed)
        {
            Notify(task, NotificationKind.TaskCompleted, 0, null);
        }
    }

    private void Notify(HumanTask task, NotificationKind kind, int sequence, string? escalateTo) =>
        Context.Emit(OutboxMessage.Notify(new Notification(
            $"{task.Id}:{kind}:{sequence}",
            kind,
            Instance.Id,
            task.Id,
            task.ElementId,
            Now,
            task.Assignee,
            task.CandidateGroups,
            escalateTo,
            sequence)));

    private string? EvaluateText(string elementId, string text, IReadOnlyDictionary<string, JsonNode?> variables)
    {
        try
        {
            return Context.Services.Expressions.EvaluateString(text, variables);
        }
        catch (ExpressionException ex)
        {
            throw new EngineException($"'{elementId}': {ex.Message}", ex) { ElementId = elementId };
        }
    }

    /// <summary>
    /// An instant, or a date alone (a deadline set on a form), which means the end of that day's working
    /// hours, or of the last working day before it when that day is off.
    /// </summary>
    private static DateTimeOffset? ParseDeadline(string elementId, string what, string? text, WorkingCalendar calendar)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            for (var day = date; day > date.AddDays(-366); day = day.AddDays(-1))
            {
                if (calendar.GetWorkingPeriods(day) is { Count: > 0 } periods)
                {
                    var end = day.ToDateTime(periods[^1].End);
                    return new DateTimeOffset(end, calendar.TimeZone.GetUtcOffset(end));
                }
            }
        }

        return TimerDates.TryParse(text)
            ?? throw new EngineException($"{what} of '{elementId}' is '{text}', not an ISO 8601 date or date-time.") { ElementId = elementId };
    }

    private HumanTask RequireOpenTask(string taskId)
    {
        var task = Instance.Tasks.Find(t => t.Id == taskId);
        return task ?? throw new TaskStateException($"Task {taskId} is no longer open.");
    }

    private WorkingCalendar CalendarOf(HumanTask task) => Context.Calendar(task.CalendarName);
}
