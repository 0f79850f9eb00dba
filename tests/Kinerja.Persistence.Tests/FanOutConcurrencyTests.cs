using Kinerja.Engine.Execution;
using Kinerja.Engine.History;
using Kinerja.Engine.Storage;
using Kinerja.Persistence.Providers;
using Kinerja.Persistence.Tests.Support;

namespace Kinerja.Persistence.Tests;

/// <summary>
/// Step 2 of the seed SOP fans out to 42 SKPDs, whose operators answer whenever they like: some of them at the same
/// moment. Every one of those completions changes the one instance, so they race for its revision.
/// </summary>
public sealed class FanOutConcurrencyTests
{
    private const string Xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                          xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                          xmlns:kinerja="https://kinerja-workflows.org/schema/bpmn/1.0" id="d" targetNamespace="t">
          <bpmn:process id="fan" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:userTask id="sajikan" camunda:candidateGroups="skpd:${kodeSkpd}" kinerja:timeStandard="P5D">
              <bpmn:multiInstanceLoopCharacteristics isSequential="false" camunda:collection="${skpd}" camunda:elementVariable="kodeSkpd" />
            </bpmn:userTask>
            <bpmn:userTask id="kompilasi" camunda:candidateGroups="pengelola" kinerja:timeStandard="P5D" />
            <bpmn:endEvent id="end" />
            <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="sajikan" />
            <bpmn:sequenceFlow id="f1" sourceRef="sajikan" targetRef="kompilasi" />
            <bpmn:sequenceFlow id="f2" sourceRef="kompilasi" targetRef="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task FortyTwoSkpdsAnsweringAtOnce_AllComplete_AndTheStepMovesOnOnce(DatabaseProvider provider)
    {
        await using var store = await StoreEngine.CreateAsync(provider);
        await store.Engine.DeployAsync(Xml);
        var skpd = Enumerable.Range(1, 42).Select(i => $"SKPD-{i:00}").ToArray();
        var instance = await store.Engine.StartAsync("fan", StoreEngine.Variables(new { skpd }));
        var tasks = (await store.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id, Take = 100 })).Items;
        Assert.Equal(42, tasks.Count);

        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var answers = tasks.Select(t => Task.Run(async () =>
        {
            await go.Task;
            await store.Engine.CompleteTaskAsync(t.Id, "operator-" + t.Context["kodeSkpd"]!.GetValue<string>());
        })).ToList();
        go.SetResult();
        await Task.WhenAll(answers);

        var state = await store.Engine.GetInstanceAsync(instance.Id);
        Assert.Equal("kompilasi", Assert.Single(state.Tasks).ElementId);
        var history = await store.Engine.GetHistoryAsync(instance.Id);
        Assert.Equal(42, history.Count(h => h.Kind == HistoryKind.TaskCompleted));
        Assert.Single(history, h => h.Kind == HistoryKind.TaskCreated && h.ElementId == "kompilasi");
        Assert.Equal(InstanceStatus.Running, state.Status);
    }
}
