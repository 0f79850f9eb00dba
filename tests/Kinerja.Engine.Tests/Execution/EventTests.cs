using Kinerja.Engine.Execution;
using Kinerja.Engine.History;
using Kinerja.Engine.Tests.Support;

namespace Kinerja.Engine.Tests.Execution;

public sealed class EndEventTests
{
    [Fact]
    public async Task TerminateEnd_EndsEveryOtherBranch_AndCancelsItsTasks()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(BpmnText.Process("""
            <bpmn:startEvent id="start" />
            <bpmn:parallelGateway id="fork" />
            <bpmn:userTask id="slow" />
            <bpmn:userTask id="fast" />
            <bpmn:endEvent id="endSlow" />
            <bpmn:endEvent id="stop"><bpmn:terminateEventDefinition /></bpmn:endEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork" />
            <bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="slow" />
            <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="fast" />
            <bpmn:sequenceFlow id="f4" sourceRef="slow" targetRef="endSlow" />
            <bpmn:sequenceFlow id="f5" sourceRef="fast" targetRef="stop" />
            """));
        var instance = await harness.StartAsync("p");
        var slow = await harness.SingleTaskAsync(instance.Id, "slow");

        await harness.CompleteAsync(instance.Id, "fast");

        var state = await harness.InstanceAsync(instance.Id);
        Assert.Equal(InstanceStatus.Terminated, state.Status);
        Assert.Equal(Tasks.HumanTaskStatus.Cancelled, (await harness.Engine.GetTaskAsync(slow.Id)).Status);
        Assert.Empty(harness.Timers.Pending);
    }

    [Fact]
    public async Task NoneEnd_EndsOnlyItsToken_TheInstanceEndsWithTheLast()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(BpmnText.Process("""
            <bpmn:startEvent id="start" />
            <bpmn:parallelGateway id="fork" />
            <bpmn:userTask id="a" />
            <bpmn:endEvent id="endA" />
            <bpmn:endEvent id="endB" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork" />
            <bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="a" />
            <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="endB" />
            <bpmn:sequenceFlow id="f4" sourceRef="a" targetRef="endA" />
            """));
        var instance = await harness.StartAsync("p");
        Assert.Equal(InstanceStatus.Running, (await harness.InstanceAsync(instance.Id)).Status);

        await harness.CompleteAsync(instance.Id, "a");

        Assert.Equal(InstanceStatus.Completed, (await harness.InstanceAsync(instance.Id)).Status);
    }
}

public sealed class StartEventTests
{
    [Fact]
    public async Task TimerStartCycle_StartsAnInstanceAtEachOccurrence_UntilTheRepetitionsAreSpent()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(BpmnText.Process("""
            <bpmn:startEvent id="start">
              <bpmn:timerEventDefinition><bpmn:timeCycle>R3/2026-03-02T09:00:00+08:00/P1D</bpmn:timeCycle></bpmn:timerEventDefinition>
            </bpmn:startEvent>
            <bpmn:userTask id="lapor" />
            <bpmn:endEvent id="end" />
            """ + BpmnText.Sequence("lapor")));

        await harness.AdvanceToAsync(EngineHarness.MondayMorning.AddDays(10));

        var tasks = (await harness.Engine.QueryTasksAsync(new Storage.TaskQuery { Take = 100 })).Items;
        Assert.Equal(
            [new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8)), new DateTimeOffset(2026, 3, 3, 9, 0, 0, TimeSpan.FromHours(8)), new DateTimeOffset(2026, 3, 4, 9, 0, 0, TimeSpan.FromHours(8))],
            tasks.Select(t => t.CreatedAt).Order());
    }

    [Fact]
    public async Task TimerStart_FiredTwice_StartsOneInstance()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(BpmnText.Process("""
            <bpmn:startEvent id="start">
              <bpmn:timerEventDefinition><bpmn:timeDate>2026-03-02T10:00:00+08:00</bpmn:timeDate></bpmn:timerEventDefinition>
            </bpmn:startEvent>
            <bpmn:userTask id="lapor" />
            <bpmn:endEvent id="end" />
            """ + BpmnText.Sequence("lapor")));
        var timer = Assert.Single(harness.Timers.Pending);
        harness.Clock.SetUtcNow(timer.DueAt);

        Assert.True(await harness.Engine.FireTimerAsync(timer));
        await harness.Engine.FireTimerAsync(timer);

        Assert.Single((await harness.Engine.QueryTasksAsync(new Storage.TaskQuery())).Items);
    }

    [Fact]
    public async Task MessageStart_StartsAnInstanceWithTheMessageVariables_AndKeyAsBusinessKey()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(BpmnText.Process("""
            <bpmn:startEvent id="start"><bpmn:messageEventDefinition messageRef="m" /></bpmn:startEvent>
            <bpmn:userTask id="terima" camunda:candidateGroups="skpd:${kodeSkpd}" />
            <bpmn:endEvent id="end" />
            """ + BpmnText.Sequence("terima"), extraDefinitions: "<bpmn:message id=\"m\" name=\"DataMasuk\" />"));

        var result = await harness.Engine.CorrelateMessageAsync("DataMasuk", "2026-DINKES", EngineHarness.Variables(new { kodeSkpd = "DINKES" }));

        Assert.True(result.StartedNewInstance);
        var instance = await harness.InstanceAsync(result.InstanceId);
        Assert.Equal("2026-DINKES", instance.BusinessKey);
        Assert.Equal(["skpd:DINKES"], (await harness.SingleTaskAsync(instance.Id, "terima")).CandidateGroups);
    }
}

public sealed class MessageCatchTests
{
    private static readonly string WaitForReply = BpmnText.Process("""
        <bpmn:startEvent id="start" />
        <bpmn:receiveTask id="tunggu" messageRef="m" kinerja:correlationKey="${kodeSkpd}" />
        <bpmn:intermediateCatchEvent id="konfirmasi"><bpmn:messageEventDefinition messageRef="m2" /></bpmn:intermediateCatchEvent>
        <bpmn:endEvent id="end" />
        """ + BpmnText.Sequence("tunggu", "konfirmasi"), extraDefinitions: """<bpmn:message id="m" name="Balasan" /><bpmn:message id="m2" name="Konfirmasi" />""");

    [Fact]
    public async Task ReceiveTask_Waits_UntilItsMessageArrivesWithTheMatchingKey()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(WaitForReply);
        var dinkes = await harness.StartAsync("p", new { kodeSkpd = "DINKES" }, businessKey: "bk-1");
        var disdik = await harness.StartAsync("p", new { kodeSkpd = "DISDIK" }, businessKey: "bk-2");

        var result = await harness.Engine.CorrelateMessageAsync("Balasan", "DISDIK", EngineHarness.Variables(new { isi = "data" }));

        Assert.Equal(disdik.Id, result.InstanceId);
        Assert.Equal("data", (await harness.InstanceAsync(disdik.Id)).Variables["isi"]!.GetValue<string>());
        Assert.DoesNotContain("isi", (await harness.InstanceAsync(dinkes.Id)).Variables.Keys);

        // The catch event correlates by the business key when it names no key of its own.
        await harness.Engine.CorrelateMessageAsync("Konfirmasi", "bk-2");
        Assert.Equal(InstanceStatus.Completed, (await harness.InstanceAsync(disdik.Id)).Status);
        Assert.Equal(InstanceStatus.Running, (await harness.InstanceAsync(dinkes.Id)).Status);
    }

    [Fact]
    public async Task AMessageNobodyWaitsFor_IsRefusedWithItsNameAndKey()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(WaitForReply);

        var error = await Assert.ThrowsAsync<NotFoundException>(() => harness.Engine.CorrelateMessageAsync("Balasan", "BAPPEDA"));

        Assert.Contains("'Balasan' with key 'BAPPEDA'", error.Message, StringComparison.Ordinal);
    }
}

public sealed class IntermediateTimerTests
{
    [Fact]
    public async Task TimerCatch_WaitsItsDuration_InCalendarTime_ThenMovesOn()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(BpmnText.Process("""
            <bpmn:startEvent id="start" />
            <bpmn:intermediateCatchEvent id="tunggu">
              <bpmn:timerEventDefinition><bpmn:timeDuration>PT2H</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:intermediateCatchEvent>
            <bpmn:userTask id="lanjut" />
            <bpmn:endEvent id="end" />
            """ + BpmnText.Sequence("tunggu", "lanjut")));
        var instance = await harness.StartAsync("p");

        await harness.AdvanceAsync(TimeSpan.FromMinutes(119));
        Assert.Empty(await harness.OpenTasksAsync(instance.Id));

        await harness.AdvanceAsync(TimeSpan.FromMinutes(1));
        var task = await harness.SingleTaskAsync(instance.Id, "lanjut");
        Assert.Equal(EngineHarness.MondayMorning.AddHours(2), task.CreatedAt);
        var fired = Assert.Single(await harness.Engine.GetHistoryAsync(instance.Id), h => h.Kind == HistoryKind.TimerFired);
        Assert.Equal(TimeSpan.Zero, fired.Lateness);
    }

    [Fact]
    public async Task ATimerThatFiresLate_RecordsHowLate()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(BpmnText.Process("""
            <bpmn:startEvent id="start" />
            <bpmn:intermediateCatchEvent id="tunggu">
              <bpmn:timerEventDefinition><bpmn:timeDuration>PT10M</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:intermediateCatchEvent>
            <bpmn:endEvent id="end" />
            """ + BpmnText.Sequence("tunggu")));
        var instance = await harness.StartAsync("p");
        var timer = Assert.Single(harness.Timers.Pending);

        harness.Clock.SetUtcNow(timer.DueAt.AddSeconds(90));
        await harness.Engine.FireTimerAsync(timer);

        var fired = Assert.Single(await harness.Engine.GetHistoryAsync(instance.Id), h => h.Kind == HistoryKind.TimerFired);
        Assert.Equal(TimeSpan.FromSeconds(90), fired.Lateness);
        Assert.Equal(InstanceStatus.Completed, (await harness.InstanceAsync(instance.Id)).Status);
    }
}
