using Kinerja.Engine.Calendar;
using Kinerja.Engine.Execution;
using Kinerja.Engine.Tasks;
using Kinerja.Engine.Tests.Support;

namespace Kinerja.Engine.Tests.Execution;

public sealed class BoundaryEventTests
{
    [Fact]
    public async Task InterruptingTimer_CancelsTheTask_AndTakesTheBoundaryPath()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(BpmnText.Process("""
            <bpmn:startEvent id="start" />
            <bpmn:userTask id="isi" />
            <bpmn:boundaryEvent id="batas" attachedToRef="isi">
              <bpmn:timerEventDefinition><bpmn:timeDate>2026-03-05T16:00:00+08:00</bpmn:timeDate></bpmn:timerEventDefinition>
            </bpmn:boundaryEvent>
            <bpmn:userTask id="tagih" />
            <bpmn:endEvent id="end" />
            <bpmn:endEvent id="end2" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="isi" />
            <bpmn:sequenceFlow id="f2" sourceRef="isi" targetRef="end" />
            <bpmn:sequenceFlow id="f3" sourceRef="batas" targetRef="tagih" />
            <bpmn:sequenceFlow id="f4" sourceRef="tagih" targetRef="end2" />
            """));
        var instance = await harness.StartAsync("p");
        var isi = await harness.SingleTaskAsync(instance.Id, "isi");

        await harness.AdvanceToAsync(new DateTimeOffset(2026, 3, 5, 16, 0, 0, TimeSpan.FromHours(8)));

        Assert.Equal(HumanTaskStatus.Cancelled, (await harness.Engine.GetTaskAsync(isi.Id)).Status);
        Assert.Equal(["tagih"], (await harness.OpenTasksAsync(instance.Id)).Select(t => t.ElementId));
    }

    [Fact]
    public async Task InterruptingTimer_IsCancelled_WhenTheTaskIsDoneFirst()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(BpmnText.Process("""
            <bpmn:startEvent id="start" />
            <bpmn:userTask id="isi" />
            <bpmn:boundaryEvent id="batas" attachedToRef="isi">
              <bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:boundaryEvent>
            <bpmn:endEvent id="end" />
            <bpmn:endEvent id="end2" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="isi" />
            <bpmn:sequenceFlow id="f2" sourceRef="isi" targetRef="end" />
            <bpmn:sequenceFlow id="f3" sourceRef="batas" targetRef="end2" />
            """));
        var instance = await harness.StartAsync("p");
        var boundaryTimer = Assert.Single(harness.Timers.Pending);

        await harness.CompleteAsync(instance.Id, "isi");

        Assert.Empty(harness.Timers.Pending);
        harness.Clock.SetUtcNow(boundaryTimer.DueAt);
        Assert.False(await harness.Engine.FireTimerAsync(boundaryTimer));
        Assert.Equal(InstanceStatus.Completed, (await harness.InstanceAsync(instance.Id)).Status);
    }

    [Fact]
    public async Task NonInterruptingCycle_RemindsRepeatedly_WhileTheTaskStaysOpen()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(BpmnText.Process("""
            <bpmn:startEvent id="start" />
            <bpmn:userTask id="isi" />
            <bpmn:boundaryEvent id="ingatkan" attachedToRef="isi" cancelActivity="false">
              <bpmn:timerEventDefinition><bpmn:timeCycle>R2/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition>
            </bpmn:boundaryEvent>
            <bpmn:userTask id="telepon" />
            <bpmn:endEvent id="end" />
            <bpmn:endEvent id="end2" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="isi" />
            <bpmn:sequenceFlow id="f2" sourceRef="isi" targetRef="end" />
            <bpmn:sequenceFlow id="f3" sourceRef="ingatkan" targetRef="telepon" />
            <bpmn:sequenceFlow id="f4" sourceRef="telepon" targetRef="end2" />
            """));
        var instance = await harness.StartAsync("p");

        await harness.AdvanceAsync(TimeSpan.FromHours(5));

        var open = await harness.OpenTasksAsync(instance.Id);
        Assert.Single(open, t => t.ElementId == "isi");
        Assert.Equal(2, open.Count(t => t.ElementId == "telepon"));
        Assert.Empty(harness.Timers.Pending);
    }

    [Fact]
    public async Task TimerOnASubProcess_InterruptsEverythingInside()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(BpmnText.Process("""
            <bpmn:startEvent id="start" />
            <bpmn:subProcess id="kumpul">
              <bpmn:startEvent id="s2" />
              <bpmn:parallelGateway id="fork" />
              <bpmn:userTask id="a" />
              <bpmn:userTask id="b" />
              <bpmn:parallelGateway id="join" />
              <bpmn:endEvent id="e2" />
              <bpmn:sequenceFlow id="g1" sourceRef="s2" targetRef="fork" />
              <bpmn:sequenceFlow id="g2" sourceRef="fork" targetRef="a" />
              <bpmn:sequenceFlow id="g3" sourceRef="fork" targetRef="b" />
              <bpmn:sequenceFlow id="g4" sourceRef="a" targetRef="join" />
              <bpmn:sequenceFlow id="g5" sourceRef="b" targetRef="join" />
              <bpmn:sequenceFlow id="g6" sourceRef="join" targetRef="e2" />
            </bpmn:subProcess>
            <bpmn:boundaryEvent id="habis" attachedToRef="kumpul">
              <bpmn:timerEventDefinition kinerja:timeBasis="working"><bpmn:timeDuration>P1D</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:boundaryEvent>
            <bpmn:endEvent id="end" />
            <bpmn:endEvent id="timeout" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="kumpul" />
            <bpmn:sequenceFlow id="f2" sourceRef="kumpul" targetRef="end" />
            <bpmn:sequenceFlow id="f3" sourceRef="habis" targetRef="timeout" />
            """));
        var instance = await harness.StartAsync("p");
        await harness.CompleteAsync(instance.Id, "a");
        var timer = Assert.Single(harness.Timers.Pending, t => t.ElementId == "habis");
        Assert.Equal(harness.Calendar.Add(EngineHarness.MondayMorning, IsoDuration.Parse("P1D")), timer.DueAt);

        await harness.AdvanceToAsync(timer.DueAt);

        var state = await harness.InstanceAsync(instance.Id);
        Assert.Equal(InstanceStatus.Completed, state.Status);
        Assert.Empty(await harness.OpenTasksAsync(instance.Id));
        Assert.Contains("timeout", await harness.CompletedElementsAsync(instance.Id));
    }

    [Fact]
    public async Task MessageBoundary_CancelsTheActivity_WhenItsMessageArrives()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(BpmnText.Process("""
            <bpmn:startEvent id="start" />
            <bpmn:userTask id="isi" />
            <bpmn:boundaryEvent id="tutup" attachedToRef="isi"><bpmn:messageEventDefinition messageRef="m" /></bpmn:boundaryEvent>
            <bpmn:endEvent id="end" />
            <bpmn:endEvent id="closed" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="isi" />
            <bpmn:sequenceFlow id="f2" sourceRef="isi" targetRef="end" />
            <bpmn:sequenceFlow id="f3" sourceRef="tutup" targetRef="closed" />
            """, extraDefinitions: """<bpmn:message id="m" name="Tutup" />"""));
        var instance = await harness.StartAsync("p", businessKey: "LKJIP-2026");

        await harness.Engine.CorrelateMessageAsync("Tutup", "LKJIP-2026");

        Assert.Equal(InstanceStatus.Completed, (await harness.InstanceAsync(instance.Id)).Status);
        Assert.Contains("closed", await harness.CompletedElementsAsync(instance.Id));
    }
}
