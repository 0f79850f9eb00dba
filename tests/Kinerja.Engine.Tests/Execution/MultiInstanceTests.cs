using System.Text.Json.Nodes;
using Kinerja.Engine.Execution;
using Kinerja.Engine.Tasks;
using Kinerja.Engine.Tests.Support;

namespace Kinerja.Engine.Tests.Execution;

public sealed class MultiInstanceTests
{
    private static string PerSkpd(bool sequential, string? completion = null) => BpmnText.Process($$"""
        <bpmn:startEvent id="start" />
        <bpmn:userTask id="kirim" camunda:candidateGroups="skpd:${kodeSkpd}">
          <bpmn:extensionElements>
            <camunda:formData><camunda:formField id="capaian" type="long" /></camunda:formData>
          </bpmn:extensionElements>
          <bpmn:multiInstanceLoopCharacteristics isSequential="{{(sequential ? "true" : "false")}}" camunda:collection="skpd" camunda:elementVariable="kodeSkpd">
            {{(completion is null ? "" : $"<bpmn:completionCondition>{completion}</bpmn:completionCondition>")}}
          </bpmn:multiInstanceLoopCharacteristics>
        </bpmn:userTask>
        <bpmn:userTask id="rekap" />
        <bpmn:endEvent id="end" />
        {{BpmnText.Sequence("kirim", "rekap")}}
        """);

    private static readonly string[] ThreeSkpd = ["DINKES", "DISDIK", "BAPPEDA"];

    [Fact]
    public async Task Parallel_CreatesOneTaskPerItem_WithTheItemInItsGroupAndContext()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(PerSkpd(sequential: false));

        var instance = await harness.StartAsync("p", new { skpd = ThreeSkpd });

        var tasks = await harness.OpenTasksAsync(instance.Id);
        Assert.Equal(["skpd:DINKES", "skpd:DISDIK", "skpd:BAPPEDA"], tasks.Select(t => t.CandidateGroups.Single())); // in collection order
        Assert.Equal([0, 1, 2], tasks.Select(t => t.LoopCounter));
        Assert.All(tasks, t => Assert.Equal(t.CandidateGroups.Single(), "skpd:" + t.Context["kodeSkpd"]!.GetValue<string>()));
        var body = (await harness.InstanceAsync(instance.Id)).Executions.Single(e => e.Kind == ExecutionKind.MultiInstanceBody);
        Assert.Equal(3, body.Variables!["nrOfInstances"]!.GetValue<int>());
        Assert.Equal(3, body.Variables["nrOfActiveInstances"]!.GetValue<int>());
    }

    [Fact]
    public async Task Parallel_ContinuesWhenAllItemsAreDone_AndKeepsEachItemsDataApart()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(PerSkpd(sequential: false));
        var instance = await harness.StartAsync("p", new { skpd = ThreeSkpd });
        var tasks = await harness.OpenTasksAsync(instance.Id);

        for (var i = 0; i < tasks.Count; i++)
        {
            await harness.Engine.CompleteTaskAsync(tasks[i].Id, "operator", EngineHarness.Variables(new { capaian = (i + 1) * 10 }));
            var remaining = await harness.OpenTasksAsync(instance.Id);
            Assert.Equal(i < tasks.Count - 1 ? ["kirim"] : ["rekap"], remaining.Select(t => t.ElementId).Distinct());
        }

        var state = await harness.InstanceAsync(instance.Id);
        var results = state.Variables["kirim_results"]!.AsObject();
        Assert.Equal(3, results.Count);
        Assert.Equal(10, results[tasks[0].Context["kodeSkpd"]!.GetValue<string>()]!["capaian"]!.GetValue<long>());
        Assert.DoesNotContain("capaian", state.Variables.Keys);
    }

    [Fact]
    public async Task Sequential_OffersOneItemAtATime_InCollectionOrder()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(PerSkpd(sequential: true));
        var instance = await harness.StartAsync("p", new { skpd = ThreeSkpd });

        var seen = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var task = Assert.Single(await harness.OpenTasksAsync(instance.Id));
            seen.Add(task.Context["kodeSkpd"]!.GetValue<string>());
            Assert.Equal(i, task.LoopCounter);
            await harness.Engine.CompleteTaskAsync(task.Id, "operator");
        }

        Assert.Equal(ThreeSkpd, seen);
        Assert.Equal("rekap", Assert.Single(await harness.OpenTasksAsync(instance.Id)).ElementId);
    }

    [Fact]
    public async Task CompletionCondition_EndsTheRemainingItems_OnceItHolds()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(PerSkpd(sequential: false, completion: "${nrOfCompletedInstances / nrOfInstances &gt;= 0.6}"));
        var instance = await harness.StartAsync("p", new { skpd = ThreeSkpd });
        var tasks = await harness.OpenTasksAsync(instance.Id);

        await harness.Engine.CompleteTaskAsync(tasks[0].Id, "operator");
        Assert.Equal(2, (await harness.OpenTasksAsync(instance.Id)).Count);
        await harness.Engine.CompleteTaskAsync(tasks[1].Id, "operator");

        Assert.Equal("rekap", Assert.Single(await harness.OpenTasksAsync(instance.Id)).ElementId);
        Assert.Equal(HumanTaskStatus.Cancelled, (await harness.Engine.GetTaskAsync(tasks[2].Id)).Status);
    }

    [Fact]
    public async Task AnEmptyCollection_SkipsTheActivity()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(PerSkpd(sequential: false));

        var instance = await harness.StartAsync("p", new { skpd = Array.Empty<string>() });

        Assert.Equal("rekap", Assert.Single(await harness.OpenTasksAsync(instance.Id)).ElementId);
    }

    [Fact]
    public async Task ACollectionThatIsNotAList_IsRefusedNamingTheActivity()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(PerSkpd(sequential: false));

        var error = await Assert.ThrowsAsync<EngineException>(() => harness.StartAsync("p", new { skpd = "DINKES" }));

        Assert.Equal("kirim", error.ElementId);
        Assert.Contains("not a list", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoopCardinality_RunsThatManyItems()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(BpmnText.Process("""
            <bpmn:startEvent id="start" />
            <bpmn:userTask id="ulang">
              <bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>${jumlah}</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics>
            </bpmn:userTask>
            <bpmn:endEvent id="end" />
            """ + BpmnText.Sequence("ulang")));

        var instance = await harness.StartAsync("p", new Dictionary<string, JsonNode?> { ["jumlah"] = 4 });

        Assert.Equal(4, (await harness.OpenTasksAsync(instance.Id)).Count);
    }
}
