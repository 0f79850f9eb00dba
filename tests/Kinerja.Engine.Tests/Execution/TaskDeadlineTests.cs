using Kinerja.Engine.Calendar;
using Kinerja.Engine.History;
using Kinerja.Engine.Notifications;
using Kinerja.Engine.Tests.Support;
using Kinerja.Engine.Timers;

namespace Kinerja.Engine.Tests.Execution;

public sealed class TaskDeadlineTests
{
    private static readonly string FiveDays = BpmnText.Process("""
        <bpmn:startEvent id="start" />
        <bpmn:userTask id="kompilasi" camunda:assignee="pengelola" kinerja:timeStandard="P5D" />
        <bpmn:endEvent id="end" />
        """ + BpmnText.Sequence("kompilasi"));

    [Fact]
    public async Task ATimeStandard_SchedulesReminderAt80Percent_DueNotice_AndEscalation()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(FiveDays);

        var instance = await harness.StartAsync("p");

        var task = await harness.SingleTaskAsync(instance.Id, "kompilasi");
        var fiveDays = IsoDuration.Parse("P5D");
        Assert.Equal(harness.Calendar.Add(EngineHarness.MondayMorning, fiveDays), task.DueAt);
        Assert.Equal(harness.Calendar.AddFraction(EngineHarness.MondayMorning, fiveDays, 0.8), task.FollowUpAt);
        var timers = harness.Timers.Pending;
        Assert.Equal(
            [(TimerPurpose.TaskReminder, task.FollowUpAt!.Value), (TimerPurpose.TaskDue, task.DueAt!.Value), (TimerPurpose.TaskEscalation, task.DueAt!.Value)],
            timers.Select(t => (t.Purpose, t.DueAt)).OrderBy(t => t.DueAt).ThenBy(t => t.Purpose));
    }

    [Fact]
    public async Task WhileOverdue_TheSupervisorIsToldEveryWorkingDay_UntilTheTaskIsDone()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(FiveDays);
        var instance = await harness.StartAsync("p");
        var task = await harness.SingleTaskAsync(instance.Id, "kompilasi");

        await harness.AdvanceToAsync(harness.Calendar.Add(task.DueAt!.Value, IsoDuration.Parse("P2D")));

        var told = harness.Notifications.Published.Where(n => n.TaskId == task.Id).Select(n => (n.Kind, n.Sequence)).ToList();
        Assert.Equal(
            [(NotificationKind.TaskCreated, 0), (NotificationKind.TaskReminder, 1), (NotificationKind.TaskDue, 1),
             (NotificationKind.TaskEscalated, 1), (NotificationKind.TaskEscalated, 2), (NotificationKind.TaskEscalated, 3)],
            told);
        Assert.All(harness.Notifications.Published.Where(n => n.Kind == NotificationKind.TaskEscalated), n => Assert.Equal("supervisor", n.EscalateTo));

        await harness.CompleteAsync(instance.Id, "kompilasi", actor: "pengelola");
        Assert.Empty(harness.Timers.Pending);
        var completed = Assert.Single(await harness.Engine.GetHistoryAsync(instance.Id), h => h.Kind == HistoryKind.TaskCompleted);
        Assert.Equal(harness.Clock.GetUtcNow() - task.DueAt!.Value, completed.Lateness);
    }

    [Fact]
    public async Task ATaskTimerRunTwice_NotifiesOnce()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(FiveDays);
        await harness.StartAsync("p");
        var reminder = harness.Timers.Pending.Single(t => t.Purpose == TimerPurpose.TaskReminder);
        harness.Clock.SetUtcNow(reminder.DueAt);

        Assert.True(await harness.Engine.FireTimerAsync(reminder));
        Assert.False(await harness.Engine.FireTimerAsync(reminder));

        Assert.Single(harness.Notifications.Published, n => n.Kind == NotificationKind.TaskReminder);
    }

    [Fact]
    public async Task APolicyInTheBpmn_OverridesTheDefaults()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(BpmnText.Process("""
            <bpmn:startEvent id="start" />
            <bpmn:userTask id="isi" kinerja:timeStandard="PT60M">
              <bpmn:extensionElements>
                <kinerja:reminderPolicy reminderAtPercent="50" dueNotice="false" escalate="false" />
              </bpmn:extensionElements>
            </bpmn:userTask>
            <bpmn:endEvent id="end" />
            """ + BpmnText.Sequence("isi")));

        await harness.StartAsync("p");

        var timer = Assert.Single(harness.Timers.Pending);
        Assert.Equal(TimerPurpose.TaskReminder, timer.Purpose);
        Assert.Equal(harness.Calendar.AddWorkingTime(EngineHarness.MondayMorning, TimeSpan.FromMinutes(30)), timer.DueAt);
    }

    [Fact]
    public async Task ADueDateExpression_SetsTheDeadline_AndTheReminderFollowsWorkingTime()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(BpmnText.Process("""
            <bpmn:startEvent id="start" />
            <bpmn:userTask id="isi" camunda:dueDate="${batas}" />
            <bpmn:endEvent id="end" />
            """ + BpmnText.Sequence("isi")));

        var instance = await harness.StartAsync("p", new { batas = "2026-03-06T14:00:00+08:00" });

        var task = await harness.SingleTaskAsync(instance.Id, "isi");
        var due = new DateTimeOffset(2026, 3, 6, 14, 0, 0, TimeSpan.FromHours(8));
        Assert.Equal(due, task.DueAt);
        var working = harness.Calendar.MeasureWorkingTime(EngineHarness.MondayMorning, due);
        Assert.Equal(harness.Calendar.AddWorkingTime(EngineHarness.MondayMorning, working * 0.8), task.FollowUpAt);
    }
}
