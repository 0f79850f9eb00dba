using System.Text.Json.Nodes;
using Kinerja.Engine.Execution;
using Kinerja.Engine.ServiceTasks;
using Kinerja.Engine.Tests.Support;

namespace Kinerja.Engine.Tests.Execution;

public sealed class ServiceTaskTests
{
    private sealed class NumberingHandler : IServiceTaskHandler
    {
        public List<ServiceTaskContext> Calls { get; } = [];

        public string Topic => "penomoran";

        public ValueTask<IReadOnlyDictionary<string, JsonNode?>?> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
        {
            Calls.Add(context);
            IReadOnlyDictionary<string, JsonNode?> output = new Dictionary<string, JsonNode?> { ["nomorSurat"] = $"061/{Calls.Count}/Org/2026" };
            return ValueTask.FromResult<IReadOnlyDictionary<string, JsonNode?>?>(output);
        }
    }

    private static readonly string Numbering = BpmnText.Process("""
        <bpmn:startEvent id="start" />
        <bpmn:serviceTask id="nomor" camunda:type="external" camunda:topic="penomoran">
          <bpmn:extensionElements>
            <camunda:inputOutput>
              <camunda:inputParameter name="unit">Bagian ${unit}</camunda:inputParameter>
            </camunda:inputOutput>
          </bpmn:extensionElements>
        </bpmn:serviceTask>
        <bpmn:sendTask id="kabari" camunda:type="external" camunda:topic="penomoran" />
        <bpmn:userTask id="periksa" />
        <bpmn:endEvent id="end" />
        """ + BpmnText.Sequence("nomor", "kabari", "periksa"));

    [Fact]
    public async Task ServiceAndSendTasks_CallTheirHandler_WithParameters_AndStoreItsOutput()
    {
        var handler = new NumberingHandler();
        var harness = new EngineHarness(handlers: [handler]);
        await harness.DeployAsync(Numbering);

        var instance = await harness.StartAsync("p", new { unit = "Organisasi" });

        Assert.Equal(2, handler.Calls.Count);
        Assert.Equal("Bagian Organisasi", handler.Calls[0].Parameters["unit"]!.GetValue<string>());
        Assert.Equal("nomor", handler.Calls[0].ElementId);
        Assert.Equal("061/2/Org/2026", (await harness.InstanceAsync(instance.Id)).Variables["nomorSurat"]!.GetValue<string>());
        Assert.Equal("periksa", Assert.Single(await harness.OpenTasksAsync(instance.Id)).ElementId);
    }

    [Fact]
    public async Task Deploy_RefusesATopicWithoutAHandler_NamingTheTask()
    {
        var harness = new EngineHarness();

        var result = await harness.Engine.DeployAsync(Numbering);

        Assert.False(result.Succeeded);
        Assert.Equal(["kabari", "nomor"], result.Problems.Select(p => p.ElementId).Order());
        Assert.All(result.Problems, p => Assert.Contains("'penomoran'", p.Message, StringComparison.Ordinal));
        Assert.Empty(await harness.Engine.ListDefinitionsAsync());
    }

    [Fact]
    public async Task Validate_SaysWhatDeployWouldRefuse_AndStoresNothing()
    {
        var without = new EngineHarness();
        var with = new EngineHarness(handlers: [new NumberingHandler()]);

        Assert.Equal(["kabari", "nomor"], without.Engine.Validate(Numbering).Select(p => p.ElementId).Order());
        Assert.Empty(with.Engine.Validate(Numbering));
        Assert.Empty(await without.Engine.ListDefinitionsAsync());
        Assert.Empty(await with.Engine.ListDefinitionsAsync());
    }
}

public sealed class InstanceCancellationTests
{
    [Fact]
    public async Task Cancel_EndsTheInstance_ItsTasks_AndItsTimers()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(BpmnText.Process("""
            <bpmn:startEvent id="start" />
            <bpmn:userTask id="isi" kinerja:timeStandard="P1D" />
            <bpmn:endEvent id="end" />
            """ + BpmnText.Sequence("isi")));
        var instance = await harness.StartAsync("p");
        Assert.NotEmpty(harness.Timers.Pending);

        await harness.Engine.CancelInstanceAsync(instance.Id, "SOP dibatalkan", "admin");

        var state = await harness.InstanceAsync(instance.Id);
        Assert.Equal(InstanceStatus.Cancelled, state.Status);
        Assert.Empty(await harness.OpenTasksAsync(instance.Id));
        Assert.Empty(harness.Timers.Pending);
        await Assert.ThrowsAsync<EngineException>(() => harness.Engine.CancelInstanceAsync(instance.Id, "again"));
    }
}
